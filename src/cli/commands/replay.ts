import { backtestSpec, resolveCosts, type Trade } from '../../backtest/index.js';
import { FleetError, UsageError } from '../../core/index.js';
import { fileSafeSymbol, loadCandles } from '../../data/index.js';
import { type RoundTrip, replayBot } from '../../runner/index.js';
import { readSpecFile } from '../../spec/index.js';
import { wholeNumber } from '../flags.js';
import { fixed, keyValues } from '../render.js';
import { stderr, stdout } from '../terminal.js';
import { openFleetStore, readyFleetSchema } from './fleet-store.js';
import { type ResearchFlags, researchOptions } from './research-options.js';

interface ReplayFlags extends ResearchFlags {
  symbol: string;
  warmup?: string;
}

/**
 * `fleet replay <spec> --symbol X`: runs the real runner (ledger, rails, orders, database) over
 * history on a replay of the sandbox exchange, then backtests the same bars, and says whether the
 * two made exactly the same trades. Exit 1 if they did not: that would be a defect in fleet.
 */
export async function replayCommand(file: string, flags: ReplayFlags): Promise<void> {
  const spec = await readSpecFile(file);
  const { close, ...research } = await researchOptions(flags);
  let loaded: Awaited<ReturnType<typeof loadCandles>>;
  try {
    loaded = await loadCandles(research.source, {
      symbol: flags.symbol,
      timeframe: spec.spec.timeframe,
      bars: research.bars,
      seed: research.seed,
    });
  } finally {
    await close();
  }
  for (const warning of loaded.warnings) stderr.warn(warning);
  const { candles } = loaded;
  const warmup = wholeNumber('--warmup', flags.warmup, 1) ?? Math.min(200, Math.floor(candles.length / 4));
  if (warmup >= candles.length - 1) {
    throw new UsageError(`--warmup ${warmup} leaves nothing to replay in ${candles.length} bars`);
  }
  const costs = resolveCosts(spec, research.costs);
  const store = await openFleetStore();
  let trips: RoundTrip[];
  let replayCash: number;
  let replayPosition: number;
  try {
    await readyFleetSchema(store);
    const result = await replayBot({
      store,
      name: `replay-${fileSafeSymbol(spec.spec.name)}-${fileSafeSymbol(flags.symbol)}`.toLowerCase(),
      checked: spec,
      params: research.params,
      symbol: flags.symbol,
      candles,
      start: warmup,
      costs,
      venue: research.source.kind === 'sandbox' ? research.source.venue : undefined,
    });
    trips = result.trades;
    replayCash = result.cash;
    replayPosition = result.position;
  } finally {
    await store.close();
  }
  const venue = research.source.kind === 'sandbox' ? research.source.venue : undefined;
  const backtest = backtestSpec(spec, candles, { params: research.params, costs, start: warmup, venue });
  const difference = firstDifference(backtest.trades, trips);
  const lastClose = candles.close[candles.length - 1];
  const replayEquity = replayCash + replayPosition * lastClose;
  const backtestEquity = backtest.equity[backtest.equity.length - 1];
  if (flags.json) {
    stdout.json({
      spec: spec.spec.name,
      symbol: flags.symbol,
      bars: candles.length,
      warmup,
      identical: difference === undefined,
      difference: difference ?? null,
      replay: { trades: trips, equity: replayEquity },
      backtest: { trades: backtest.trades.length, equity: backtestEquity },
    });
  } else {
    stdout.line(
      keyValues([
        ['strategy', `${spec.spec.name} on ${flags.symbol}`],
        ['bars', `${candles.length} (first ${warmup} only warm the indicators up)`],
        ['replay trades', String(trips.length)],
        ['backtest trades', String(backtest.trades.length)],
        ['replay equity', fixed(replayEquity)],
        ['backtest equity', fixed(backtestEquity)],
        ['parity', difference === undefined ? 'identical trades' : difference],
      ]),
    );
  }
  if (difference !== undefined) throw new FleetError(`the replay differs from the backtest: ${difference}`);
}

function firstDifference(expected: readonly Trade[], actual: readonly RoundTrip[]): string | undefined {
  const fields = ['side', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'quantity'] as const;
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const a = expected[i];
    const b = actual[i];
    if (a === undefined || b === undefined) return `trade ${i + 1} exists only in the ${a ? 'backtest' : 'replay'}`;
    for (const field of fields) {
      if (a[field] !== b[field]) return `trade ${i + 1}: ${field} ${a[field]} (backtest) vs ${b[field]} (replay)`;
    }
  }
  return undefined;
}
