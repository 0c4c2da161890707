import { CrossAbove } from './cross-above.js';

/**
 * True on the bar where a crosses below b: previous bar a >= b, this bar a < b. That is b crossing
 * above a, so it is CrossAbove with the arguments swapped, NaN rules included. Warm-up: 1.
 */
export class CrossBelow {
  readonly warmup = 1;
  private readonly above = new CrossAbove();

  update(a: number, b: number): boolean {
    return this.above.update(b, a);
  }

  reset(): void {
    this.above.reset();
  }
}
