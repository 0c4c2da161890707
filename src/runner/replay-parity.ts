import { backtestSpec, resolveCosts, type Trade } from '../backtest/index.js';
import type { RoundTrip } from '../core/index.js';
import { fileSafeSymbol } from '../data/index.js';
import { type ReplayOptions, replayBot } from './replay.js';

export interface ReplayParityOptions extends Omit<ReplayOptions, 'name' | 'start'> {
  /** The replay's throwaway bot; default `replay-<spec>-<symbol>`. */
  readonly name?: string;
  /** Bars that only warm the strategy up (both sides start trading after them); default replayWarmup. */
  readonly warmup?: number;
}

export interface ReplayParity {
  readonly bars: number;
  readonly warmup: number;
  /** The runner made exactly the backtest's trades. */
  readonly identical: boolean;
  /** The first difference, one line (`trade 3: exitPrice 101 (backtest) vs 102 (replay)`); undefined when identical. */
  readonly difference: string | undefined;
  /** Equity is marked at the last bar's close. */
  readonly replay: { readonly trades: RoundTrip[]; readonly equity: number };
  readonly backtest: { readonly trades: readonly Trade[]; readonly equity: number };
}

/** The warm-up a parity check uses by default: a quarter of the bars, at most 200. */
export const replayWarmup = (bars: number): number => Math.min(200, Math.floor(bars / 4));

/** The name of the bot `fleet replay` trades as for this spec and symbol. */
export const replayBotName = (spec: string, symbol: string): string =>
  `replay-${fileSafeSymbol(spec)}-${fileSafeSymbol(symbol)}`.toLowerCase();

/**
 * The parity test of "one strategy core, two clocks": replays the candles through the real runner
 * (replayBot), backtests the same bars with the same costs, and compares their trades field by field.
 */
export async function replayParity(options: ReplayParityOptions): Promise<ReplayParity> {
  const { checked, candles, symbol, params } = options;
  const warmup = options.warmup ?? replayWarmup(candles.length);
  const costs = resolveCosts(checked, options.costs);
  const replay = await replayBot({
    ...options,
    name: options.name ?? replayBotName(checked.spec.name, symbol),
    start: warmup,
    costs,
  });
  const backtest = backtestSpec(checked, candles, {
    params,
    costs,
    start: warmup,
    initialCash: options.capital,
    venue: options.venue,
  });
  const difference = firstDifference(backtest.trades, replay.trades);
  return {
    bars: candles.length,
    warmup,
    identical: difference === undefined,
    difference,
    replay: { trades: replay.trades, equity: replay.cash + replay.position * candles.close[candles.length - 1] },
    backtest: { trades: backtest.trades, equity: backtest.equity[backtest.equity.length - 1] },
  };
}

const FIELDS = ['side', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'quantity'] as const;

/** The first trade on which the two disagree, in one line; undefined when they agree on every one. */
export function firstDifference(expected: readonly Trade[], actual: readonly RoundTrip[]): string | undefined {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const a = expected[i];
    const b = actual[i];
    if (a === undefined || b === undefined) return `trade ${i + 1} exists only in the ${a ? 'backtest' : 'replay'}`;
    for (const field of FIELDS) {
      if (a[field] !== b[field]) return `trade ${i + 1}: ${field} ${a[field]} (backtest) vs ${b[field]} (replay)`;
    }
  }
  return undefined;
}
