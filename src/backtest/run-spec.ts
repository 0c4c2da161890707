import { venueCalendar } from '../calendar/index.js';
import { type Candles, timeframeMs } from '../core/index.js';
import { type RiskLimits, type RiskLimitsInput, resolveRiskLimits } from '../risk/index.js';
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
   * Rail settings over the spec's `risk` block, later wins: the project's and the bot's `risk`
   * when research runs for a bot. The runner resolves its rails from the same layers.
   */
  readonly risk?: ReadonlyArray<Partial<RiskLimitsInput> | undefined>;
  /**
   * The venue whose sessions the bars keep (XNYS, …): metrics annualise over its trading bars in a
   * year (about 252 daily bars on NYSE) instead of round-the-clock ones, and its trading day is the
   * daily-loss breaker's. Default: crypto's.
   */
  readonly venue?: string;
}

export interface SpecBacktestResult extends BacktestResult {
  readonly strategy: CompiledStrategy;
  readonly costs: Costs;
  /** The rails the backtest ran under. */
  readonly limits: RiskLimits;
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
  const limits = resolveRiskLimits(checked.spec.risk as Partial<RiskLimitsInput> | undefined, ...(options.risk ?? []));
  const result = runBacktest(strategy, candles, {
    timeframe: checked.spec.timeframe,
    costs,
    initialCash: options.initialCash,
    ledger: options.ledger,
    equityBuffer: options.equityBuffer,
    start: options.start,
    barsPerYear: venueCalendar(options.venue ?? CRYPTO).barsPerYear(timeframeMs(checked.spec.timeframe)),
    limits,
    tradingDay: tradingDayOf(options.venue),
  });
  return { ...result, strategy, costs, limits };
}

/** A venue with sessions keeps its own trading day; crypto's is the UTC date, the engine's default. */
function tradingDayOf(venue: string | undefined): ((time: number) => string) | undefined {
  if (venue === undefined) return undefined;
  const calendar = venueCalendar(venue);
  return calendar.alwaysOpen ? undefined : (time) => calendar.tradingDay(time);
}
