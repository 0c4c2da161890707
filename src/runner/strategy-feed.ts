import { allocateCandles, type Candles } from '../core/index.js';
import type { PositionState, Strategy } from '../strategy/index.js';

/** What the strategy decided on the newest bar it was shown. */
export interface Decision {
  /** Open time of the bar. */
  readonly barTime: number;
  /** Index of the transition that fired, or -1. */
  readonly fired: number;
  readonly close: number;
}

/**
 * Shows the strategy closed bars one at a time, each bar exactly once, as the backtest does. The
 * strategy's indicators live in memory only: they are rebuilt from history on every boot.
 */
export class StrategyFeed {
  private readonly bar: Candles = allocateCandles(1);
  /** Open time of the last bar shown (may run ahead of the last traded bar on a retried tick). */
  private shownThrough = Number.NEGATIVE_INFINITY;
  /** The decision on the newest bar, kept until the bar has been traded on (a tick may fail). */
  private pending: Decision | undefined;

  constructor(
    private readonly strategy: Strategy,
    private readonly state: () => PositionState,
  ) {}

  /** Starts over: shows `bars` up to and including `through` (all of them when null). */
  warmUp(bars: Candles, through: number | null): void {
    this.strategy.reset();
    this.shownThrough = Number.NEGATIVE_INFINITY;
    this.pending = undefined;
    for (let i = 0; i < bars.length; i++) {
      if (through !== null && bars.time[i] > through) break;
      this.show(bars, i);
    }
  }

  /** Shows the bars not shown yet; the decision on the newest of `bars` is kept until `traded`. */
  next(bars: Candles): Decision | undefined {
    const newest = bars.length - 1;
    for (let i = 0; i <= newest; i++) {
      if (bars.time[i] <= this.shownThrough) continue;
      const fired = this.show(bars, i);
      if (i === newest) this.pending = { barTime: bars.time[i], fired, close: bars.close[i] };
    }
    return this.pending;
  }

  /** The pending decision has been carried out. */
  traded(): void {
    this.pending = undefined;
  }

  private show(bars: Candles, index: number): number {
    const one = this.bar;
    one.time[0] = bars.time[index];
    one.open[0] = bars.open[index];
    one.high[0] = bars.high[index];
    one.low[0] = bars.low[index];
    one.close[0] = bars.close[index];
    one.volume[0] = bars.volume[index];
    this.shownThrough = bars.time[index];
    return this.strategy.onBar(one, 0, this.state());
  }
}
