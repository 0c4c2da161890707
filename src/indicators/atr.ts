import { checkPeriod } from './period.js';

/**
 * Wilder's average true range, TA-Lib convention. The true range needs the previous close, so
 * the first one is at the second bar; the first ATR is the mean of the first n true ranges and
 * later ones are (prev * (n - 1) + tr) / n. Warm-up: n (the first ATR is at bar n + 1).
 * A bar with any NaN of high, low, close is skipped.
 */
export class Atr {
  readonly period: number;
  readonly warmup: number;
  private prevClose = 0;
  private count = 0;
  private value = 0;

  constructor(period: number) {
    this.period = checkPeriod('atr', 'period', period);
    this.warmup = period;
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return Number.NaN;
    const n = this.period;
    const pc = this.prevClose;
    this.prevClose = close;
    if (this.count === 0) {
      this.count = 1;
      return Number.NaN;
    }
    let tr = high - low;
    const up = Math.abs(high - pc);
    const down = Math.abs(low - pc);
    if (up > tr) tr = up;
    if (down > tr) tr = down;
    if (this.count > n) {
      this.value = (this.value * (n - 1) + tr) / n;
      return this.value;
    }
    // Warm-up: value holds the running sum of the first n true ranges.
    this.value += tr;
    if (this.count++ < n) return Number.NaN;
    this.value /= n;
    return this.value;
  }

  reset(): void {
    this.prevClose = 0;
    this.count = 0;
    this.value = 0;
  }
}
