import { checkPeriod } from './period.js';

/** Simple moving average over the last n values. Warm-up: n - 1 (TA-Lib SMA). */
export class Sma {
  readonly period: number;
  readonly warmup: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;

  constructor(period: number) {
    this.period = checkPeriod('sma', 'period', period);
    this.warmup = period - 1;
    this.buf = new Float64Array(period);
  }

  update(x: number): number {
    if (x !== x) return Number.NaN;
    const n = this.period;
    if (this.count < n) this.count++;
    else this.sum -= this.buf[this.pos];
    this.sum += x;
    this.buf[this.pos] = x;
    if (++this.pos === n) {
      this.pos = 0;
      // Re-add the window once per n bars (amortised O(1)) so rounding drift cannot build up.
      let s = 0;
      for (let i = 0; i < n; i++) s += this.buf[i];
      this.sum = s;
    }
    return this.count < n ? Number.NaN : this.sum / n;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
  }
}
