import { barsPerYear, type Candles, type Timeframe, timeframeMs, UsageError } from '../core/index.js';
import type { RiskLimits } from '../risk/index.js';
import { FLAT, type Strategy, type Transition } from '../strategy/index.js';
import { SimAccount } from './account.js';
import { computeMetrics, type Metrics } from './metrics.js';
import { bpsToRate, type Costs, DEFAULT_COSTS } from './models/costs.js';
import { NO_REJECTIONS, type RailRejections, ResearchRails } from './research-rails.js';
import type { OpenPosition, Trade } from './trade.js';

export interface BacktestOptions {
  readonly timeframe: Timeframe;
  readonly initialCash?: number;
  readonly costs?: Costs;
  /** Also record cash and signed position per bar (for audits and tests). */
  readonly ledger?: boolean;
  /**
   * Write the equity curve into this array (at least as long as the candles) instead of a new
   * one. Screening and optimisation workers run thousands of backtests and keep only metrics;
   * reusing one buffer spares the system fresh memory on every run, which costs more than the
   * backtest itself on some machines. The result's `equity` is then a view of this buffer.
   */
  readonly equityBuffer?: Float64Array;
  /**
   * Bars before this index only warm the strategy's indicators up: no order is placed and no
   * equity is recorded for them. Out-of-sample tests start here, with in-sample bars as warm-up.
   */
  readonly start?: number;
  /** Bars in a year of this data, for annualised metrics (a venue's sessions); default round the clock. */
  readonly barsPerYear?: number;
  /**
   * The runner's risk rails (resolveRiskLimits): entries are cut to max_order_value and
   * max_position_value, refused by the collar, and stopped by the daily-loss breaker for the rest
   * of the trading day. Absent: no rails (a bare strategy run).
   */
  readonly limits?: RiskLimits;
  /** The trading day of a close time, for the daily-loss breaker (a venue's calendar); default UTC. */
  readonly tradingDay?: (time: number) => string;
}

export interface BacktestResult {
  readonly metrics: Metrics;
  readonly trades: Trade[];
  readonly openPosition?: OpenPosition;
  /** Equity (cash + position at the close) after every traded bar, from `start` on. */
  readonly equity: Float64Array;
  readonly cash?: Float64Array;
  readonly position?: Float64Array;
  readonly initialCash: number;
  readonly bars: number;
  /** Entries the rails refused (none without `limits`). */
  readonly rejections: RailRejections;
}

export const DEFAULT_INITIAL_CASH = 10_000;

/**
 * The bar loop. On each bar, in this order:
 *   1. the order decided at the previous close fills at this bar's open (market: slippage and fee;
 *      an entry first through the rails, when `limits` are given);
 *   2. an open position's stop-loss, then its take-profit, is checked against the bar's low and high
 *      (a stop fills at the stop or at a worse open; a take-profit at its limit or a better open);
 *   3. the strategy sees the closed bar and may decide a transition, to fill at the next open;
 *   4. equity is marked at the close, where the daily-loss breaker looks at it.
 */
export function runBacktest(strategy: Strategy, candles: Candles, options: BacktestOptions): BacktestResult {
  const initialCash = options.initialCash ?? DEFAULT_INITIAL_CASH;
  if (!(initialCash > 0)) throw new UsageError(`initial cash must be positive, got ${initialCash}`);
  const costs = options.costs ?? DEFAULT_COSTS;
  const feeRate = bpsToRate(costs.feeBps);
  const slipRate = bpsToRate(costs.slippageBps);
  const n = candles.length;
  const start = options.start ?? 0;
  if (!Number.isInteger(start) || start < 0 || start > n) {
    throw new UsageError(`start must be a bar index from 0 to ${n}, got ${start}`);
  }
  const traded = n - start;
  const { time, close } = candles;
  if (options.equityBuffer && options.equityBuffer.length < traded) {
    throw new UsageError(`equityBuffer holds ${options.equityBuffer.length} bars, the run ${traded}`);
  }
  const equity = options.equityBuffer ? options.equityBuffer.subarray(0, traded) : new Float64Array(traded);
  const cashLedger = options.ledger ? new Float64Array(traded) : undefined;
  const positionLedger = options.ledger ? new Float64Array(traded) : undefined;
  const account = new SimAccount(initialCash, time, { feeRate, slippageRate: slipRate }, strategy.risk);
  const rails = options.limits && new ResearchRails(options.limits, time, options.tradingDay);
  const tfMs = timeframeMs(options.timeframe);
  const barsInPosition = simulate(strategy, candles, start, account, equity, cashLedger, positionLedger, rails, tfMs);

  const trades = account.trades;
  const openPosition = account.openPosition(n > 0 ? close[n - 1] : 0);
  const metrics = computeMetrics({
    equity,
    initialCash,
    trades,
    barsInPosition,
    barsPerYear: options.barsPerYear ?? barsPerYear(options.timeframe),
  });
  return {
    metrics,
    trades,
    openPosition,
    equity,
    cash: cashLedger,
    position: positionLedger,
    initialCash,
    bars: traded,
    rejections: rails?.rejections() ?? NO_REJECTIONS,
  };
}

/**
 * The bar loop itself, apart from the set-up and summary around it: V8 optimises a hot loop in the
 * middle of a function it is still running, and code after that loop which had never run then
 * threw the optimised code away on every backtest. Alone, the loop stays optimised.
 */
function simulate(
  strategy: Strategy,
  candles: Candles,
  start: number,
  account: SimAccount,
  equity: Float64Array,
  cashLedger: Float64Array | undefined,
  positionLedger: Float64Array | undefined,
  rails: ResearchRails | undefined,
  tfMs: number,
): number {
  const { time, open, high, low, close } = candles;
  const n = candles.length;
  const transitions = strategy.transitions;
  let pending: Transition | undefined =
    strategy.initialState === FLAT
      ? undefined
      : { from: FLAT, to: strategy.initialState, action: 'enter', size: 1, on: 'initial state' };
  let barsInPosition = 0;

  for (let i = 0; i < start; i++) strategy.onBar(candles, i, FLAT);
  for (let i = start; i < n; i++) {
    const o = open[i];
    const c = close[i];
    if (pending !== undefined) {
      if (pending.action !== 'enter') account.exitAtMarket(o, i);
      if (pending.action !== 'exit') account.enter(pending.to, pending.size, o, i, pending.on, rails);
      pending = undefined;
    }
    // The range test (small, inlined) apart from the fill (out of line): a call that V8 does not
    // inline boxes its number arguments, and this line runs on every bar in a position.
    if (account.quantity !== 0) {
      const h = high[i];
      const l = low[i];
      if (account.exitReached(h, l)) account.checkExits(o, h, l, i);
    }

    const fired = strategy.onBar(candles, i, account.state);
    if (fired >= 0) pending = transitions[fired];

    const quantity = account.quantity;
    if (quantity !== 0) barsInPosition++;
    const marked = account.cash + quantity * c;
    equity[i - start] = marked;
    // The daily-loss breaker's day and equity, looked at only when a day turns or equity falls far.
    if (rails !== undefined) {
      const closeTime = time[i] + tfMs;
      if (closeTime >= rails.dayEnds || !(marked > rails.alarm)) rails.close(closeTime, marked);
    }
    if (cashLedger !== undefined && positionLedger !== undefined) {
      cashLedger[i - start] = account.cash;
      positionLedger[i - start] = quantity;
    }
  }
  return barsInPosition;
}
