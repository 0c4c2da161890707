/**
 * Orders and trades as the exchange module hands them out: plain data in ccxt's unified
 * vocabulary (status 'open' | 'closed' | 'canceled' | 'expired' | 'rejected'), so a broker can map
 * them without depending on ccxt's types.
 */

export interface ExchangeFee {
  readonly cost: number;
  /** Asset code, e.g. 'USDT', 'BTC', 'BNB'. */
  readonly currency: string;
}

export interface ExchangeTrade {
  /** The exchange's trade id; the same trade has the same id in every answer. */
  readonly id?: string;
  readonly amount: number;
  readonly price: number;
  readonly fees: readonly ExchangeFee[];
  /** Epoch ms. */
  readonly timestamp?: number;
}

export interface ExchangeOrder {
  /** The exchange's order id. */
  readonly id: string;
  readonly clientOrderId?: string;
  /** Unified, e.g. 'BTC/USDT'. */
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** ccxt's order type, e.g. 'market', 'limit'. */
  readonly type: string;
  /** ccxt's unified status; undefined when the exchange did not say. */
  readonly status?: string;
  readonly amount: number;
  readonly price?: number;
  readonly filled: number;
  readonly average?: number;
  /** Total quote spent or received, when known. */
  readonly cost?: number;
  /** The order's fees as the exchange reported them (may be empty when only trades carry them). */
  readonly fees: readonly ExchangeFee[];
  /**
   * The order's trades, oldest first; undefined when the exchange cannot list them (then only
   * `filled`, `average` and `fees` describe the fills). May briefly lag `filled`.
   */
  readonly trades?: readonly ExchangeTrade[];
  /** Epoch ms of creation and of the last change, when known. */
  readonly timestamp?: number;
  readonly updatedAt?: number;
}

export interface CreateOrderParams {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  /** Base-asset units. */
  readonly amount: number;
  /** Required for limit orders. */
  readonly price?: number;
  /** Sent as the exchange's client order id (binance: newClientOrderId). */
  readonly clientOrderId: string;
}

/**
 * What became of an order sent to the exchange: placed (or already there: the exchange said the
 * client id was taken, and this is that order), or refused with the exchange's reason.
 */
export type CreateOrderOutcome =
  | { readonly kind: 'placed'; readonly order: ExchangeOrder; readonly existing: boolean }
  | { readonly kind: 'rejected'; readonly reason: string };
