import type { Candles } from './candles.js';
import type { Timeframe } from './timeframe.js';

/**
 * The trading vocabulary every runner, broker and rail shares. A broker is anything orders can be
 * sent to: the sandbox exchange, the paper broker, a real exchange through ccxt. The runner talks
 * to this interface only, so paper and live differ by the broker alone.
 */

export type OrderSide = 'buy' | 'sell';
/** `stop`: a stop-market order triggered at `price`; `limit`: rests at `price` or better. */
export type OrderType = 'market' | 'limit' | 'stop';
/** Why a bot sends an order: entries add exposure; exits, stops and take-profits take it away. */
export type OrderRole = 'entry' | 'exit' | 'stop' | 'take_profit';

/** An order a bot means to send, as the risk rails judge it (before it has a client order id). */
export interface OrderIntent {
  readonly role: OrderRole;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  /** Expected fill price for market, limit/trigger price otherwise. */
  readonly price: number;
  /** The broker refuses to let it increase the position (exchanges enforce this flag). */
  readonly reduceOnly: boolean;
}

/**
 * `new` exists only in a bot's own ledger: the order is persisted but not yet acknowledged, so
 * after a crash the runner asks the broker by client order id whether it ever arrived.
 */
export type OrderStatus = 'new' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ['filled', 'cancelled', 'rejected', 'expired'];
export const isFinalOrderStatus = (status: OrderStatus): boolean => FINAL_ORDER_STATUSES.includes(status);

export interface OrderRequest {
  /** Deterministic (see `clientOrderId`), so a resent order is recognised as the same one. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Base-asset units, > 0. */
  readonly quantity: number;
  /** Limit price for `limit`, trigger price for `stop`; absent for `market`. */
  readonly price?: number;
  /** Only ever shrinks a position; cancelled by the broker once the position is gone. */
  readonly reduceOnly?: boolean;
}

export interface BrokerFill {
  /** Unique within the order; recording a fill twice is recognised by it. */
  readonly id: string;
  readonly quantity: number;
  readonly price: number;
  /** The whole fee's value in the quote currency. */
  readonly fee: number;
  /**
   * The part of the fee paid in the base asset, in base units: spot exchanges often take a buy's
   * fee out of what it bought, so the account receives `quantity - baseFee` (a sell gives up
   * `quantity + baseFee`) and pays `fee - baseFee * price` in quote. Absent when none.
   */
  readonly baseFee?: number;
  /** Epoch ms. */
  readonly time: number;
}

/** What a broker knows of one order. */
export interface OrderReport {
  readonly clientOrderId: string;
  readonly exchangeOrderId?: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price?: number;
  readonly reduceOnly?: boolean;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  /** Volume-weighted fill price; undefined while nothing has filled. */
  readonly averagePrice?: number;
  readonly fee: number;
  /** Every fill so far, oldest first, where the broker reports them (else one summary fill). */
  readonly fills: readonly BrokerFill[];
  /** Why a `rejected` order was refused, in the broker's words. */
  readonly reason?: string;
  /** Epoch ms of the last change. */
  readonly updatedAt: number;
}

export interface BrokerPosition {
  readonly symbol: string;
  /** Signed base-asset units: > 0 long, < 0 short. */
  readonly quantity: number;
}

/**
 * A runner's hold on a bot: the bot's name and the lease's fencing token, an epoch that grows every
 * time a runner takes the lease. A write made under a token that is no longer the bot's current one
 * is refused (FencedOutError), in the same transaction as the write.
 */
export interface LeaseFence {
  readonly bot: string;
  readonly token: number;
}

export interface Broker {
  /** For logs and events, e.g. `sandbox`, `paper:binance`, `binance`. */
  readonly name: string;
  /** Whether a sell may open a short position (spot exchanges: no). */
  readonly canShort: boolean;
  /**
   * Whether the broker keeps resting stop orders for the bot. When false (spot markets through
   * ccxt, where a resting stop and a take-profit would each lock the whole position), the runner
   * keeps the stop-loss and take-profit itself: it compares the last price with them on every
   * tick and exits with a market order when one is crossed.
   */
  readonly holdsStopOrders: boolean;
  /**
   * Sends an order. Idempotent on the client order id: sending an id the broker already has
   * returns that order as it stands, never a second order. A refusal by the broker is a report
   * with status `rejected` and a reason; a broker that cannot be reached throws
   * `BrokerUnavailableError` (the order may or may not have arrived: ask `fetchOrder`).
   */
  placeOrder(request: OrderRequest): Promise<OrderReport>;
  /** Cancels an open order; returns its final report, or undefined when the broker never had it. */
  cancelOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined>;
  fetchOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined>;
  openOrders(symbol?: string): Promise<OrderReport[]>;
  /** Total (free + locked) units of every asset held, by asset code (e.g. USDT, BTC). */
  balances(): Promise<Readonly<Record<string, number>>>;
  /** Non-zero positions only. */
  positions(): Promise<BrokerPosition[]>;
  /** The price of the last trade. */
  lastPrice(symbol: string): Promise<number>;
  /**
   * The smallest quantity an order in `symbol` may have (0 where any goes). A position below it is
   * dust the market will not take: an exit cut down to whole lot steps leaves some behind, and the
   * runner counts a position that small as flat.
   */
  minimumQuantity(symbol: string): Promise<number>;
  /**
   * Tells a broker whose books live in fleet's database (the simulated exchanges) the lease its
   * runner holds, so every change it commits is refused once another runner has taken the bot
   * over. Brokers whose books live elsewhere (a real exchange) do not implement it.
   */
  useFence?(fence: LeaseFence): void;
  close(): Promise<void>;
}

/** Where a runner gets its bars: the sandbox exchange, a replay, or an exchange's public OHLCV. */
export interface BarFeed {
  /**
   * Bars of `symbol` that have closed by `now` (open time + timeframe <= now) with open time
   * >= `from`, oldest first, at most `limit` of them (the oldest ones when more have closed).
   */
  closedBars(symbol: string, timeframe: Timeframe, from: number, now: number, limit?: number): Promise<Candles>;
}

/** The time a runner lives by: the wall clock, a compressed sandbox clock, or a replay's. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolves at `time` (on this clock), or early when `signal` aborts. */
  sleepUntil(time: number, signal?: AbortSignal): Promise<void>;
}

const CLIENT_ID_SAFE = /[^A-Za-z0-9]/g;

/**
 * The client order id of a bot's `sequence`-th order decided on the bar that opened at
 * `barTime`: the same inputs always give the same id, so an order resent after a crash is
 * recognised by the broker instead of duplicated. At most 32 characters of [A-Za-z0-9-], which
 * every major exchange accepts (Binance allows 36).
 */
export function clientOrderId(bot: string, barTime: number, sequence: number): string {
  if (!Number.isSafeInteger(barTime) || barTime < 0) throw new RangeError(`bar time must be epoch ms, got ${barTime}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 35) {
    throw new RangeError(`order sequence must be 0..35, got ${sequence}`);
  }
  const readable = bot.replace(CLIENT_ID_SAFE, '').slice(0, 12) || 'bot';
  return `${readable}-${botHash(bot)}-${barTime.toString(36)}-${sequence.toString(36)}`;
}

/** Five base-36 digits of FNV-1a over the name: two bots whose names share a prefix still differ. */
function botHash(bot: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bot.length; i++) {
    hash ^= bot.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 36 ** 5).toString(36).padStart(5, '0');
}
