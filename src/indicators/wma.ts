import { checkPeriod } from './period.js';

/**
 * Linearly weighted moving average: weights 1..n, newest heaviest. Warm-up: n - 1.
 * O(1) per bar: when the window slides every kept value loses one unit of weight, so
 * weighted' = weighted - sum + n * x.
 */
export class Wma {
  readonly period: number;
  readonly warmup: number;
  private readonly divisor: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private weighted = 0;

  constructor(period: number) {
    this.period = checkPeriod('wma', 'period', period);
    this.warmup = period - 1;
    this.divisor = (period * (period + 1)) / 2;
    this.buf = new Float64Array(period);
  }

  update(x: number): number {
    if (x !== x) return Number.NaN;
    const n = this.period;
    if (this.count < n) {
      this.count++;
      this.weighted += this.count * x;
      this.sum += x;
    } else {
      this.weighted += n * x - this.sum;
      this.sum += x - this.buf[this.pos];
    }
    this.buf[this.pos] = x;
    if (++this.pos === n) {
      this.pos = 0;
      // Once per n bars the buffer is in age order (oldest at 0): recompute both sums exactly so
      // rounding drift stays bounded.
      let s = 0;
      let w = 0;
      for (let i = 0; i < n; i++) {
        const v = this.buf[i];
        s += v;
        w += (i + 1) * v;
      }
      this.sum = s;
      this.weighted = w;
    }
    return this.count < n ? Number.NaN : this.weighted / this.divisor;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.weighted = 0;
  }
}
