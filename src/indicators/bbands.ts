import { UsageError } from '../core/index.js';
import { checkPeriod } from './period.js';
import { Stdev } from './stdev.js';

/**
 * Bollinger bands: middle = SMA(n), upper/lower = middle +/- k * population stdev (TA-Lib BBANDS
 * with nbdevup = nbdevdn = k and an SMA). `update` returns the middle band; all three are
 * readable after each update and are NaN whenever it returned NaN. Warm-up: n - 1.
 */
export class Bbands {
  readonly period: number;
  readonly k: number;
  readonly warmup: number;
  private readonly stdev: Stdev;
  private _upper = Number.NaN;
  private _middle = Number.NaN;
  private _lower = Number.NaN;

  constructor(period: number, k = 2) {
    this.period = checkPeriod('bbands', 'period', period);
    if (!Number.isFinite(k) || k < 0) {
      throw new UsageError(`bbands: k must be a finite number >= 0, got ${String(k)}`);
    }
    this.k = k;
    this.warmup = period - 1;
    this.stdev = new Stdev(period);
  }

  get upper(): number {
    return this._upper;
  }

  get middle(): number {
    return this._middle;
  }

  get lower(): number {
    return this._lower;
  }

  update(x: number): number {
    // One pass gives both moments: the stdev's window mean is the SMA.
    const width = this.k * this.stdev.update(x);
    const middle = this.stdev.mean;
    this._middle = middle;
    this._upper = middle + width;
    this._lower = middle - width;
    return middle;
  }

  reset(): void {
    this.stdev.reset();
    this._upper = Number.NaN;
    this._middle = Number.NaN;
    this._lower = Number.NaN;
  }
}
