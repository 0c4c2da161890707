import { FLAT, LONG, type PositionState } from '../strategy/index.js';
import { feeFor, marketFillPrice } from './models/costs.js';
import {
  cashAfterClose,
  cashAfterOpen,
  entryQuantity,
  stopFillPrice,
  stopLevel,
  stopReached,
  targetFillPrice,
  targetLevel,
  targetReached,
} from './models/fill.js';
import type { ResearchRails } from './research-rails.js';
import type { ExitReason, OpenPosition, Trade } from './trade.js';

/**
 * The simulated account of one backtest: cash, one position, and the round trips it closed.
 * A class with every field initialised to its final type keeps V8's view of it monomorphic, and
 * the bar loop reads it without allocating.
 */
export class SimAccount {
  // Every number field starts as a number (not undefined): V8 then stores later doubles in place
  // instead of allocating a box on every write, which made the bar loop several times slower.
  cash = 0;
  /** Signed: > 0 long, < 0 short. */
  quantity = 0;
  state: PositionState = FLAT;
  stopPrice = Number.NaN;
  targetPrice = Number.NaN;
  readonly trades: Trade[] = [];
  private entryPrice = 0;
  private entryFee = 0;
  private entryIndex = -1;
  private entrySignal = '';
  private readonly feeRate: number = 0;
  private readonly slippageRate: number = 0;
  private readonly stopLoss: number = Number.NaN;
  private readonly takeProfit: number = Number.NaN;
  private readonly positionSize: number = 1;
  private readonly time: Float64Array;

  constructor(
    initialCash: number,
    time: Float64Array,
    costs: { readonly feeRate: number; readonly slippageRate: number },
    risk: { readonly stopLoss: number; readonly takeProfit: number; readonly positionSize: number },
  ) {
    this.cash = initialCash;
    this.time = time;
    this.feeRate = costs.feeRate;
    this.slippageRate = costs.slippageRate;
    this.stopLoss = risk.stopLoss;
    this.takeProfit = risk.takeProfit;
    this.positionSize = risk.positionSize;
  }

  /**
   * Opens a position at market: `size` of the position size, as a fraction of cash, cut or
   * refused by the rails when there are any.
   */
  enter(
    to: PositionState,
    size: number,
    reference: number,
    index: number,
    signal: string,
    rails?: ResearchRails,
  ): void {
    const buying = to === LONG;
    const price = marketFillPrice(reference, buying, this.slippageRate);
    let units = entryQuantity(this.cash, this.positionSize, size, price, this.feeRate);
    if (rails !== undefined) units = rails.admit(units, price, reference, buying, this.quantity, index);
    if (!(units > 0)) return;
    const fee = feeFor(units * price, this.feeRate);
    this.quantity = buying ? units : -units;
    this.cash = cashAfterOpen(this.cash, this.quantity, price, fee);
    this.state = to;
    this.entryPrice = price;
    this.entryFee = fee;
    this.entryIndex = index;
    this.entrySignal = signal;
    // NaN when the strategy has no stop or target: comparisons with NaN never trigger.
    this.stopPrice = stopLevel(price, buying, this.stopLoss);
    this.targetPrice = targetLevel(price, buying, this.takeProfit);
  }

  /** Closes the position at `price` (already including any slippage). */
  exit(price: number, index: number, reason: ExitReason): void {
    const quantity = this.quantity;
    const fee = feeFor(quantity * price, this.feeRate);
    this.cash = cashAfterClose(this.cash, quantity, price, fee);
    const units = Math.abs(quantity);
    const pnl = quantity * (price - this.entryPrice) - this.entryFee - fee;
    this.trades.push({
      side: quantity > 0 ? 'long' : 'short',
      entryIndex: this.entryIndex,
      entryTime: this.time[this.entryIndex],
      entryPrice: this.entryPrice,
      exitIndex: index,
      exitTime: this.time[index],
      exitPrice: price,
      quantity: units,
      fees: this.entryFee + fee,
      pnl,
      returnPct: pnl / (units * this.entryPrice),
      exitReason: reason,
      entrySignal: this.entrySignal,
    });
    this.quantity = 0;
    this.state = FLAT;
  }

  /** Exits at the market open: sells a long, buys back a short, with slippage. */
  exitAtMarket(reference: number, index: number): void {
    this.exit(marketFillPrice(reference, this.quantity < 0, this.slippageRate), index, 'signal');
  }

  /** Whether the bar's range reaches the stop or the target (the bar loop's cheap test). */
  exitReached(high: number, low: number): boolean {
    const long = this.quantity > 0;
    return stopReached(this.stopPrice, long, high, low) || targetReached(this.targetPrice, long, high, low);
  }

  /** Stop-loss first, then take-profit, against the bar's range; gaps fill at the open. */
  checkExits(open: number, high: number, low: number, index: number): void {
    if (this.quantity === 0) return;
    const long = this.quantity > 0;
    if (stopReached(this.stopPrice, long, high, low))
      this.exit(stopFillPrice(this.stopPrice, long, open, this.slippageRate), index, 'stop_loss');
    else if (targetReached(this.targetPrice, long, high, low))
      this.exit(targetFillPrice(this.targetPrice, long, open), index, 'take_profit');
  }

  openPosition(lastClose: number): OpenPosition | undefined {
    if (this.quantity === 0) return undefined;
    return {
      side: this.quantity > 0 ? 'long' : 'short',
      entryIndex: this.entryIndex,
      entryTime: this.time[this.entryIndex],
      entryPrice: this.entryPrice,
      quantity: Math.abs(this.quantity),
      unrealisedPnl: this.quantity * (lastClose - this.entryPrice) - this.entryFee,
    };
  }
}
