/**
 * The times (on the runner's clock) at which the desk sent orders in the last minute, for the
 * order-rate rail.
 */
export class OrderRate {
  private readonly sent: number[] = [];

  /**
   * Counts `count` orders as sent at `now`: those the ledger shows sent in the last minute before
   * this runner started, so a restart (or a crash loop) never resets the rail.
   */
  seed(count: number, now: number): void {
    this.sent.length = 0; // the ledger's count includes any this desk sent before a restart
    for (let i = 0; i < count; i++) this.sent.push(now);
  }

  /** An order cleared to go at `now`. */
  record(now: number): void {
    this.sent.push(now);
  }

  /** Orders sent in the minute up to `now`. */
  inLastMinute(now: number): number {
    while (this.sent.length > 0 && this.sent[0] <= now - 60_000) this.sent.shift();
    return this.sent.length;
  }
}
