import { checkPeriod } from './period.js';

/** The value n bars ago (`prev(x, n)`). Needs n + 1 inputs, so warm-up: n. */
export class Lag {
  readonly period: number;
  readonly warmup: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(period: number) {
    this.period = checkPeriod('lag', 'period', period);
    this.warmup = period;
    this.buf = new Float64Array(period);
  }

  update(x: number): number {
    if (x !== x) return Number.NaN;
    // The slot about to be overwritten holds the value from exactly n valid bars ago.
    const old = this.count < this.period ? Number.NaN : this.buf[this.pos];
    if (this.count < this.period) this.count++;
    this.buf[this.pos] = x;
    if (++this.pos === this.period) this.pos = 0;
    return old;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
  }
}
