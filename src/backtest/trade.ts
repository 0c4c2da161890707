export type ExitReason = 'signal' | 'stop_loss' | 'take_profit';

/** One round trip, entry to exit, with both fees in its profit. */
export interface Trade {
  readonly side: 'long' | 'short';
  readonly entryIndex: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitIndex: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly fees: number;
  /** Net profit in quote currency, after both fees. */
  readonly pnl: number;
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
