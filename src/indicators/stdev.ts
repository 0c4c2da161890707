import { checkPeriod } from './period.js';

/**
 * Population standard deviation over the last n values (TA-Lib STDDEV with nbdev 1).
 * Warm-up: n - 1. `mean` holds the window mean once warm.
 *
 * Running sums of x and x^2 lose everything to cancellation on prices like 60000 with small
 * moves, so the sums are of deviations from a shift that is reset to the latest value once per
 * n bars, when both sums are also recomputed from the window (amortised O(1), no drift).
 */
export class Stdev {
  readonly period: number;
  readonly warmup: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  private _mean = Number.NaN;

  constructor(period: number) {
    this.period = checkPeriod('stdev', 'period', period);
    this.warmup = period - 1;
    this.buf = new Float64Array(period);
  }

  /** The mean of the current window; NaN whenever the last update returned NaN. */
  get mean(): number {
    return this._mean;
  }

  update(x: number): number {
    if (x !== x) {
      this._mean = Number.NaN;
      return Number.NaN;
    }
    const n = this.period;
    if (this.count === 0) this.shift = x;
    const d = x - this.shift;
    if (this.count < n) {
      this.count++;
    } else {
      const old = this.buf[this.pos] - this.shift;
      this.s1 -= old;
      this.s2 -= old * old;
    }
    this.s1 += d;
    this.s2 += d * d;
    this.buf[this.pos] = x;
    if (++this.pos === n) {
      this.pos = 0;
      this.recenter(x);
    }
    if (this.count < n) return Number.NaN;
    const m = this.s1 / n;
    this._mean = this.shift + m;
    const variance = this.s2 / n - m * m;
    // Rounding can leave a tiny negative variance on a flat window.
    return variance > 0 ? Math.sqrt(variance) : 0;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.shift = 0;
    this.s1 = 0;
    this.s2 = 0;
    this._mean = Number.NaN;
  }

  private recenter(shift: number): void {
    const n = this.count;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const d = this.buf[i] - shift;
      s1 += d;
      s2 += d * d;
    }
    this.shift = shift;
    this.s1 = s1;
    this.s2 = s2;
  }
}
