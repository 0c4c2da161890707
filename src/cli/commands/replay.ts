import { FleetError, UsageError } from '../../core/index.js';
import { loadCandles, sourceVenue } from '../../data/index.js';
import { replayParity, replayWarmup } from '../../runner/index.js';
import { readSpecFile } from '../../spec/index.js';
import { wholeNumber } from '../flags.js';
import { fixed, keyValues } from '../render.js';
import { stderr, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';
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
  const warmup = wholeNumber('--warmup', flags.warmup, 1) ?? replayWarmup(candles.length);
  if (warmup >= candles.length - 1) {
    throw new UsageError(`--warmup ${warmup} leaves nothing to replay in ${candles.length} bars`);
  }
  const parity = await withFleetStore((store) =>
    replayParity({
      store,
      checked: spec,
      params: research.params,
      symbol: flags.symbol,
      candles,
      warmup,
      costs: research.costs,
      venue: sourceVenue(research.source),
    }),
  );
  if (flags.json) {
    stdout.json({
      spec: spec.spec.name,
      symbol: flags.symbol,
      bars: parity.bars,
      warmup,
      identical: parity.identical,
      difference: parity.difference ?? null,
      replay: parity.replay,
      backtest: { trades: parity.backtest.trades.length, equity: parity.backtest.equity },
    });
  } else {
    stdout.line(
      keyValues([
        ['strategy', `${spec.spec.name} on ${flags.symbol}`],
        ['bars', `${parity.bars} (first ${warmup} only warm the indicators up)`],
        ['replay trades', String(parity.replay.trades.length)],
        ['backtest trades', String(parity.backtest.trades.length)],
        ['replay equity', fixed(parity.replay.equity)],
        ['backtest equity', fixed(parity.backtest.equity)],
        ['parity', parity.difference ?? 'identical trades'],
      ]),
    );
  }
  if (parity.difference !== undefined)
    throw new FleetError(`the replay differs from the backtest: ${parity.difference}`);
}
