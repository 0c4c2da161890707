import type { Trade } from './trade.js';

export interface Metrics {
  /** Final equity over initial, minus one. */
  readonly totalReturn: number;
  /** Compound annual growth rate over the span of the data. */
  readonly cagr: number;
  /** Mean over standard deviation of per-bar returns, times sqrt(bars per year). */
  readonly sharpe: number;
  /** Mean per-bar return over downside deviation, times sqrt(bars per year). */
  readonly sortino: number;
  /** Largest peak-to-trough fall of equity, as a positive fraction. */
  readonly maxDrawdown: number;
  /** CAGR over max drawdown (0 when there was no drawdown). */
  readonly calmar: number;
  /** Winning closed trades over closed trades (0 with no trades). */
  readonly winRate: number;
  /** Gross profit over gross loss of closed trades; null when there was no losing trade. */
  readonly profitFactor: number | null;
  readonly trades: number;
  /** Fraction of bars that ended in a position. */
  readonly exposure: number;
  /** Mean return of closed trades on their entry notional. */
  readonly avgTrade: number;
  readonly finalEquity: number;
}

export interface MetricsInput {
  readonly equity: Float64Array;
  readonly initialCash: number;
  readonly trades: readonly Trade[];
  readonly barsInPosition: number;
  readonly barsPerYear: number;
}

export function computeMetrics({ equity, initialCash, trades, barsInPosition, barsPerYear }: MetricsInput): Metrics {
  const n = equity.length;
  const finalEquity = n > 0 ? equity[n - 1] : initialCash;
  const totalReturn = finalEquity / initialCash - 1;
  const years = n / barsPerYear;
  const cagr = finalEquity <= 0 ? -1 : years > 0 ? (finalEquity / initialCash) ** (1 / years) - 1 : 0;

  const { mean, std, downsideDeviation, maxDrawdown } = curveStatistics(equity, initialCash);
  const annualiser = Math.sqrt(barsPerYear);
  const sharpe = std > 0 ? (mean / std) * annualiser : 0;
  const sortino = downsideDeviation > 0 ? (mean / downsideDeviation) * annualiser : 0;

  let grossProfit = 0;
  let grossLoss = 0;
  let wins = 0;
  let returnSum = 0;
  for (const trade of trades) {
    if (trade.pnl > 0) {
      wins++;
      grossProfit += trade.pnl;
    } else grossLoss -= trade.pnl;
    returnSum += trade.returnPct;
  }
  return {
    totalReturn,
    cagr,
    sharpe,
    sortino,
    maxDrawdown,
    calmar: maxDrawdown > 0 ? cagr / maxDrawdown : 0,
    winRate: trades.length > 0 ? wins / trades.length : 0,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    trades: trades.length,
    exposure: n > 0 ? barsInPosition / n : 0,
    avgTrade: trades.length > 0 ? returnSum / trades.length : 0,
    finalEquity,
  };
}

/**
 * One pass over the equity curve without data-dependent branches (their outcome is a coin toss
 * the CPU cannot predict): per-bar returns are small, so plain sums of r and r^2 lose nothing
 * measurable against Welford's update, which divides on every bar. Kept apart from computeMetrics so V8 optimises this
 * hot loop on its own.
 */
function curveStatistics(equity: Float64Array, initialCash: number) {
  const n = equity.length;
  let sum = 0;
  let sumSquares = 0;
  let downside = 0;
  let previous = initialCash + 0.0;
  let peak = previous;
  let maxDrawdown = 0.0;
  for (let i = 0; i < n; i++) {
    const value = equity[i];
    const r = previous > 0 ? value / previous - 1 : 0;
    previous = value;
    sum += r;
    sumSquares += r * r;
    // min(r, 0) and max(peak, value) through Math.abs, which compiles to a bit mask, where
    // Math.min and Math.max compile to jumps the CPU mispredicts on a random walk.
    const loss = (r - Math.abs(r)) * 0.5;
    downside += loss * loss;
    // Rounding may leave the peak an ulp off the true maximum; a drawdown of -1e-16 at a new high
    // is then absorbed by the max below, which starts at 0.
    peak = (peak + value + Math.abs(peak - value)) * 0.5;
    const drawdown = 1 - value / peak;
    maxDrawdown = (maxDrawdown + drawdown + Math.abs(maxDrawdown - drawdown)) * 0.5;
  }
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
  return { mean, std: Math.sqrt(variance), downsideDeviation: n > 0 ? Math.sqrt(downside / n) : 0, maxDrawdown };
}
