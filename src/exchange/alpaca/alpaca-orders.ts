import type { trading } from '@alpacahq/alpaca-trade-api';
import type { CreateOrderOutcome, ExchangeOrder } from '../trading-types.js';
import type { AlpacaClient } from './alpaca-client.js';
import { classifyAlpacaError, tradingError } from './alpaca-errors.js';

export interface AlpacaOrderParams {
  /** Alpaca's symbol, e.g. 'AAPL'. */
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  /** Shares, already cut to what the asset allows (whole shares, or at most 9 decimals). */
  readonly quantity: number;
  readonly limitPrice?: number;
  /** Alpaca's client_order_id (at most 128 characters), unique per account. */
  readonly clientOrderId: string;
}

/**
 * Sends a day order under the caller's client order id. A refusal (403 buying power, 422
 * validation) is an outcome with Alpaca's reason, not an error; a 422 for an id the account
 * already holds returns that order (`existing: true`), so sending twice never makes two orders.
 * Throws BrokerUnavailableError when Alpaca cannot be reached: the order may or may not have arrived.
 */
export async function placeAlpacaOrder(client: AlpacaClient, params: AlpacaOrderParams): Promise<CreateOrderOutcome> {
  const action = `placing order ${params.clientOrderId}`;
  const request: trading.PostOrderRequest = {
    symbol: params.symbol,
    side: params.side,
    type: params.type,
    qty: decimalString(params.quantity),
    timeInForce: 'day',
    clientOrderId: params.clientOrderId,
    ...(params.type === 'limit' && params.limitPrice !== undefined
      ? { limitPrice: decimalString(params.limitPrice) }
      : {}),
  };
  try {
    const order = await client.sdk.trading.orders.postOrder({ postOrderRequest: request });
    return { kind: 'placed', order: toExchangeOrder(order), existing: false };
  } catch (error) {
    const failure = classifyAlpacaError(error, client);
    if (failure.kind === 'refused' && failure.status === 422) {
      const existing = await fetchAlpacaOrder(client, params.clientOrderId);
      if (existing) return { kind: 'placed', order: existing, existing: true };
    }
    if (failure.kind === 'refused') return { kind: 'rejected', reason: failure.message };
    throw tradingError(failure, action, error);
  }
}

/** The order holding `clientOrderId` (GET /v2/orders:by_client_order_id), undefined when none does. */
export async function fetchAlpacaOrder(
  client: AlpacaClient,
  clientOrderId: string,
): Promise<ExchangeOrder | undefined> {
  try {
    return toExchangeOrder(await client.sdk.trading.orders.getOrderByClientOrderId({ clientOrderId }));
  } catch (error) {
    const failure = classifyAlpacaError(error, client);
    if (failure.kind === 'not_found') return undefined;
    throw tradingError(failure, `fetching order ${clientOrderId}`, error);
  }
}

/** The account's open orders, of one symbol or all. */
export async function fetchAlpacaOpenOrders(client: AlpacaClient, symbol?: string): Promise<ExchangeOrder[]> {
  try {
    const orders = await client.sdk.trading.orders.getAllOrders({
      status: 'open',
      limit: 500,
      ...(symbol !== undefined ? { symbols: symbol } : {}),
    });
    return orders.map(toExchangeOrder);
  } catch (error) {
    throw tradingError(classifyAlpacaError(error, client), 'listing open orders', error);
  }
}

/**
 * Asks Alpaca to cancel the order with exchange id `orderId`. An order that has already ended
 * (422) or is unknown (404) needs no cancel: the caller reads its state afterwards either way.
 */
export async function cancelAlpacaOrder(client: AlpacaClient, orderId: string): Promise<void> {
  try {
    await client.sdk.trading.orders.deleteOrderByOrderID({ orderId });
  } catch (error) {
    const failure = classifyAlpacaError(error, client);
    if (failure.kind === 'not_found' || failure.kind === 'refused') return;
    throw tradingError(failure, `cancelling order ${orderId}`, error);
  }
}

/** A number as Alpaca's decimal string: never exponent notation (1e-7), at most 9 decimals. */
export function decimalString(value: number): string {
  return value.toFixed(9).replace(/\.?0+$/, '');
}

/** Alpaca's order in the exchange module's unified vocabulary (ccxt's statuses). */
export function toExchangeOrder(order: trading.Order): ExchangeOrder {
  const times = [order.submittedAt, order.filledAt, order.canceledAt, order.expiredAt, order.failedAt]
    .filter((t): t is Date => t instanceof Date)
    .map((t) => t.getTime());
  const created = order.createdAt instanceof Date ? order.createdAt.getTime() : undefined;
  const price = order.limitPrice ?? order.stopPrice;
  const filled = Number(order.filledQty ?? 0);
  const average = order.filledAvgPrice == null ? undefined : Number(order.filledAvgPrice);
  return {
    id: order.id ?? '',
    ...(order.clientOrderId !== undefined ? { clientOrderId: order.clientOrderId } : {}),
    symbol: order.symbol ?? '',
    side: order.side === 'sell' ? 'sell' : 'buy',
    type: order.orderType ?? 'market',
    status: unifiedStatus(order.status),
    amount: Number(order.qty ?? 0),
    ...(price != null ? { price: Number(price) } : {}),
    filled,
    ...(average !== undefined && filled > 0 ? { average } : {}),
    // Alpaca charges no commission on stocks; regulatory fees are booked on the account later.
    fees: [],
    ...(created !== undefined ? { timestamp: created } : {}),
    ...(times.length > 0 || created !== undefined ? { updatedAt: Math.max(created ?? 0, ...times) } : {}),
  };
}

/**
 * Alpaca's many statuses as ccxt's five. Everything not yet ended (new, accepted, pending_*,
 * partially_filled, done_for_day, held…) is open; how much filled tells a partial fill.
 */
function unifiedStatus(status: string | undefined): string {
  switch (status) {
    case 'filled':
      return 'closed';
    case 'canceled':
    case 'replaced':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default:
      return 'open';
  }
}
