import { checkPeriod } from './period.js';

/**
 * Wilder's relative strength index, 0..100, as TA-Lib computes it: the first average gain and
 * loss are simple means of the first n changes, later ones use Wilder's smoothing
 * avg = (avg * (n - 1) + change) / n. Needs n + 1 inputs, so warm-up: n.
 *
 * Limits: avg loss 0 with avg gain > 0 gives 100. When both averages are 0 (no change at all
 * since the start) we return 50, the neutral reading: TA-Lib returns 0 there (and whenever
 * gain + loss < 1e-8), which would read as deeply oversold in a flat market.
 */
export class Rsi {
  readonly period: number;
  readonly warmup: number;
  private prev = 0;
  private count = 0;
  private avgGain = 0;
  private avgLoss = 0;

  constructor(period: number) {
    this.period = checkPeriod('rsi', 'period', period);
    this.warmup = period;
  }

  update(x: number): number {
    if (x !== x) return Number.NaN;
    const n = this.period;
    const change = x - this.prev;
    this.prev = x;
    if (this.count > n) {
      this.avgGain *= n - 1;
      this.avgLoss *= n - 1;
      if (change < 0) this.avgLoss -= change;
      else this.avgGain += change;
      this.avgGain /= n;
      this.avgLoss /= n;
      return this.value();
    }
    // Warm-up: the averages hold running sums of the first n changes.
    if (this.count++ === 0) return Number.NaN;
    if (change < 0) this.avgLoss -= change;
    else this.avgGain += change;
    if (this.count <= n) return Number.NaN;
    this.avgGain /= n;
    this.avgLoss /= n;
    return this.value();
  }

  reset(): void {
    this.prev = 0;
    this.count = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
  }

  private value(): number {
    const total = this.avgGain + this.avgLoss;
    return total === 0 ? 50 : (100 * this.avgGain) / total;
  }
}
