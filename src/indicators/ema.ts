import { checkPeriod } from './period.js';

/**
 * Exponential moving average, alpha = 2 / (n + 1), seeded with the simple mean of its first n
 * values as TA-Lib does. Warm-up: n - 1.
 */
export class Ema {
  readonly period: number;
  readonly warmup: number;
  private readonly alpha: number;
  private count = 0;
  private value = 0;

  constructor(period: number) {
    this.period = checkPeriod('ema', 'period', period);
    this.warmup = period - 1;
    this.alpha = 2 / (period + 1);
  }

  update(x: number): number {
    if (x !== x) return Number.NaN;
    if (this.count === this.period) {
      // TA-Lib's operation order ((x - prev) * k + prev), so results match it bit for bit.
      this.value = (x - this.value) * this.alpha + this.value;
      return this.value;
    }
    // Warm-up: value holds the running sum until the seed is complete.
    this.value += x;
    if (++this.count < this.period) return Number.NaN;
    this.value /= this.period;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.value = 0;
  }
}
