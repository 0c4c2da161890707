import { Highest } from './highest.js';
import { checkPeriod } from './period.js';

/**
 * Rolling minimum over the last n values, current bar included. Warm-up: n - 1.
 * The minimum of x is minus the maximum of -x, and negation is exact, so one deque serves both.
 */
export class Lowest {
  readonly period: number;
  readonly warmup: number;
  private readonly highest: Highest;

  constructor(period: number) {
    this.period = checkPeriod('lowest', 'period', period);
    this.warmup = period - 1;
    this.highest = new Highest(period);
  }

  update(x: number): number {
    return -this.highest.update(-x);
  }

  reset(): void {
    this.highest.reset();
  }
}
