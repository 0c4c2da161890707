import type { RoundTrip } from '../core/index.js';

export type ExitReason = 'signal' | 'stop_loss' | 'take_profit';

/**
 * One round trip as the backtest records it: core's RoundTrip (the shape a runner's fills pair
 * into, so the two compare field by field) with the bars it spans and why it ended.
 */
export interface Trade extends RoundTrip {
  readonly entryIndex: number;
  readonly exitIndex: number;
  /** pnl over the entry notional. */
  readonly returnPct: number;
  readonly exitReason: ExitReason;
  /** The signal that opened the position. */
  readonly entrySignal: string;
}

/** A position still open when the data ended, marked to the last close. */
export interface OpenPosition {
  readonly side: 'long' | 'short';
  readonly entryIndex: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly quantity: number;
  readonly unrealisedPnl: number;
}
