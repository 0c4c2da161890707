import { checkPeriod } from './period.js';

/**
 * Rate of change in percent: 100 * (x - x[n bars ago]) / x[n bars ago]. Needs n + 1 inputs, so
 * warm-up: n. A zero base gives 0, as in TA-Lib, rather than an infinity that would poison
 * whatever consumes it.
 */
export class Roc {
  readonly period: number;
  readonly warmup: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(period: number) {
    this.period = checkPeriod('roc', 'period', period);
    this.warmup = period;
    this.buf = new Float64Array(period);
  }

  update(x: number): number {
    if (x !== x) return Number.NaN;
    let out = Number.NaN;
    if (this.count < this.period) {
      this.count++;
    } else {
      const base = this.buf[this.pos];
      out = base === 0 ? 0 : (100 * (x - base)) / base;
    }
    this.buf[this.pos] = x;
    if (++this.pos === this.period) this.pos = 0;
    return out;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
  }
}
