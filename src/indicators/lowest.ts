import { checkPeriod } from './period.js';

/**
 * Rolling minimum over the last n values, current bar included. Warm-up: n - 1.
 * A monotonic deque (values increasing from front to back) in preallocated ring buffers gives
 * amortised O(1): each value is pushed and popped at most once.
 */
export class Lowest {
  readonly period: number;
  readonly warmup: number;
  private readonly values: Float64Array;
  private readonly stamps: Float64Array;
  private head = 0;
  private size = 0;
  private count = 0;

  constructor(period: number) {
    this.period = checkPeriod('lowest', 'period', period);
    this.warmup = period - 1;
    this.values = new Float64Array(period);
    this.stamps = new Float64Array(period);
  }

  update(x: number): number {
    if (x !== x) return Number.NaN;
    const n = this.period;
    const t = this.count++;
    // Expire first, so at most n - 1 entries remain and the push below always fits.
    if (this.size > 0 && this.stamps[this.head] <= t - n) {
      if (++this.head === n) this.head = 0;
      this.size--;
    }
    // Drop entries that can never be the minimum again; ties keep the newest.
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= n) back -= n;
      if (this.values[back] < x) break;
      this.size--;
    }
    let slot = this.head + this.size;
    if (slot >= n) slot -= n;
    this.values[slot] = x;
    this.stamps[slot] = t;
    this.size++;
    return t < this.warmup ? Number.NaN : this.values[this.head];
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.count = 0;
  }
}
