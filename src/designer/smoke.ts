import { backtestSpec } from '../backtest/index.js';
import type { Timeframe } from '../core/index.js';
import { generateSandboxCandles, SANDBOX_SYMBOLS } from '../data/index.js';
import type { CheckedSpec } from '../spec/index.js';

export interface SmokeResult {
  /** The sandbox instrument the smoke backtest traded on (the last tried when none traded). */
  readonly symbol: string;
  readonly bars: number;
  /** Entries: closed trades plus a position still open at the end. */
  readonly trades: number;
}

export const SMOKE_BARS = 3000;

/**
 * A smoke backtest of the spec with its default parameters on sandbox bars: its universe's
 * sandbox instruments (or the whole sandbox universe when it names none), one after another until
 * one trades. A spec that never enters a position on any of them fails the smoke test.
 */
export function smokeTest(checked: CheckedSpec, options: { bars?: number; seed?: number } = {}): SmokeResult {
  const bars = options.bars ?? SMOKE_BARS;
  const timeframe: Timeframe = checked.spec.timeframe;
  const own = checked.spec.universe.filter((s) => SANDBOX_SYMBOLS.includes(s));
  const symbols = own.length > 0 ? own : SANDBOX_SYMBOLS;
  let last: SmokeResult = { symbol: symbols[0], bars, trades: 0 };
  for (const symbol of symbols) {
    const candles = generateSandboxCandles({ symbol, timeframe, bars, seed: options.seed ?? 0 });
    const result = backtestSpec(checked, candles);
    last = { symbol, bars, trades: result.trades.length + (result.openPosition === undefined ? 0 : 1) };
    if (last.trades > 0) return last;
  }
  return last;
}
