import { UsageError } from '../core/index.js';
import { Ema } from './ema.js';
import { checkPeriod } from './period.js';

/**
 * MACD as TA-Lib computes it (default compatibility):
 * - line = EMA(fast) - EMA(slow), each EMA seeded with the simple mean of its first values;
 * - the fast EMA starts slow - fast bars late, so its seed window is the tail of the slow one's
 *   and both become valid on the same bar (bar `slow`);
 * - signal = EMA(signal) of the line, seeded with the mean of the first `signal` line values;
 * - hist = line - signal.
 * Like TA-Lib, nothing is output until the signal exists: line, signal and hist all start on the
 * same bar. Warm-up: (slow - 1) + (signal - 1).
 * Unlike TA-Lib, which silently swaps fast and slow when fast > slow, that is a usage error.
 */
export class Macd {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  readonly warmup: number;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly sig: Ema;
  private readonly lateStart: number;
  private skipped = 0;
  private _line = Number.NaN;
  private _signal = Number.NaN;
  private _hist = Number.NaN;

  constructor(fast: number, slow: number, signal: number) {
    this.fastPeriod = checkPeriod('macd', 'fast period', fast);
    this.slowPeriod = checkPeriod('macd', 'slow period', slow);
    this.signalPeriod = checkPeriod('macd', 'signal period', signal);
    if (fast > slow) {
      throw new UsageError(`macd: fast period must not exceed slow period, got fast ${fast}, slow ${slow}`);
    }
    this.warmup = slow - 1 + (signal - 1);
    this.fast = new Ema(fast);
    this.slow = new Ema(slow);
    this.sig = new Ema(signal);
    this.lateStart = slow - fast;
  }

  get line(): number {
    return this._line;
  }

  get signal(): number {
    return this._signal;
  }

  get hist(): number {
    return this._hist;
  }

  update(x: number): number {
    if (x !== x) return this.clear();
    const s = this.slow.update(x);
    let f = Number.NaN;
    if (this.skipped < this.lateStart) this.skipped++;
    else f = this.fast.update(x);
    if (s !== s) return this.clear();
    const line = f - s;
    const signal = this.sig.update(line);
    if (signal !== signal) return this.clear();
    this._line = line;
    this._signal = signal;
    this._hist = line - signal;
    return line;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.sig.reset();
    this.skipped = 0;
    this.clear();
  }

  private clear(): number {
    this._line = Number.NaN;
    this._signal = Number.NaN;
    this._hist = Number.NaN;
    return Number.NaN;
  }
}
