import { Lag } from './lag.js';
import { checkPeriod } from './period.js';

/**
 * Rate of change in percent: 100 * (x - x[n bars ago]) / x[n bars ago]. Needs n + 1 inputs, so
 * warm-up: n. A zero base gives 0, as in TA-Lib, rather than an infinity that would poison
 * whatever consumes it.
 */
export class Roc {
  readonly period: number;
  readonly warmup: number;
  private readonly lag: Lag;

  constructor(period: number) {
    this.period = checkPeriod('roc', 'period', period);
    this.warmup = period;
    this.lag = new Lag(period);
  }

  update(x: number): number {
    const base = this.lag.update(x);
    if (base !== base) return Number.NaN;
    return base === 0 ? 0 : (100 * (x - base)) / base;
  }

  reset(): void {
    this.lag.reset();
  }
}
