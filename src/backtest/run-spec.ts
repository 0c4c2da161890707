import { venueCalendar } from '../calendar/index.js';
import { type Candles, timeframeMs } from '../core/index.js';
import type { CheckedSpec } from '../spec/index.js';
import { type CompiledStrategy, compileStrategy } from '../strategy/index.js';
import { type BacktestResult, runBacktest } from './engine.js';
import { type Costs, DEFAULT_COSTS } from './models/costs.js';

/** The venue of data that names none: crypto's, round the clock. */
const CRYPTO = 'CRYPTO';

export interface SpecBacktestOptions {
  /** Parameter values over the spec's defaults. */
  readonly params?: Record<string, unknown>;
  /** Overrides of the spec's `costs` block (the CLI's --fee-bps and --slippage-bps). */
  readonly costs?: Partial<Costs>;
  readonly initialCash?: number;
  readonly ledger?: boolean;
  /** See BacktestOptions.equityBuffer. */
  readonly equityBuffer?: Float64Array;
  /** See BacktestOptions.start. */
  readonly start?: number;
  /**
   * The venue whose sessions the bars keep (XNYS, …): metrics annualise over its trading bars in a
   * year (about 252 daily bars on NYSE) instead of round-the-clock ones. Default: crypto's.
   */
  readonly venue?: string;
}

export interface SpecBacktestResult extends BacktestResult {
  readonly strategy: CompiledStrategy;
  readonly costs: Costs;
}

/** The spec's costs block, then the caller's overrides, then the defaults. */
export function resolveCosts(checked: CheckedSpec, overrides: Partial<Costs> = {}): Costs {
  const fromSpec = checked.spec.costs;
  return {
    feeBps: overrides.feeBps ?? fromSpec?.fee_bps ?? DEFAULT_COSTS.feeBps,
    slippageBps: overrides.slippageBps ?? fromSpec?.slippage_bps ?? DEFAULT_COSTS.slippageBps,
  };
}

/** Compiles a checked spec with the given parameters and backtests it on the candles. */
export function backtestSpec(
  checked: CheckedSpec,
  candles: Candles,
  options: SpecBacktestOptions = {},
): SpecBacktestResult {
  const strategy = compileStrategy(checked, { params: options.params });
  const costs = resolveCosts(checked, options.costs);
  const result = runBacktest(strategy, candles, {
    timeframe: checked.spec.timeframe,
    costs,
    initialCash: options.initialCash,
    ledger: options.ledger,
    equityBuffer: options.equityBuffer,
    start: options.start,
    barsPerYear: venueCalendar(options.venue ?? CRYPTO).barsPerYear(timeframeMs(checked.spec.timeframe)),
  });
  return { ...result, strategy, costs };
}
