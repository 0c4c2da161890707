/**
 * True on the bar where a crosses below b: previous bar a >= b, this bar a < b. False whenever
 * any of the four values is NaN, the first bar included. The previous bar is the previous
 * update call, NaN or not, so a cross is never reported across a gap. Warm-up: 1.
 */
export class CrossBelow {
  readonly warmup: number;
  private prevA = Number.NaN;
  private prevB = Number.NaN;

  constructor() {
    this.warmup = 1;
  }

  update(a: number, b: number): boolean {
    // Comparisons with NaN are false, so the NaN cases fall out of the two tests.
    const crossed = this.prevA >= this.prevB && a < b;
    this.prevA = a;
    this.prevB = b;
    return crossed;
  }

  reset(): void {
    this.prevA = Number.NaN;
    this.prevB = Number.NaN;
  }
}
