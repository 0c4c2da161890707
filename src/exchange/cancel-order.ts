import type { ExchangeClient } from './create-exchange.js';
import { fetchOrderWith } from './fetch-order.js';
import { withTrades } from './order-trades.js';
import { parseOrder } from './parse-order.js';
import { isNotFound, mapTradingError, prepareTrading } from './trading-errors.js';
import type { ExchangeOrder } from './trading-types.js';

/**
 * Cancels the order with this client order id (binance: DELETE /api/v3/order?origClientOrderId=…)
 * and returns it as it ended. An order that can no longer be cancelled because it already ended
 * (filled, cancelled) is returned as it stands; undefined when the exchange never had it.
 */
export async function cancelOrder(
  exchange: ExchangeClient,
  clientOrderId: string,
  symbol: string,
): Promise<ExchangeOrder | undefined> {
  const action = `cancelling order ${clientOrderId}`;
  const ccxt = await prepareTrading(exchange, action);
  let raw: unknown;
  try {
    raw = await exchange.ccxt.cancelOrder('', symbol, { clientOrderId });
  } catch (error) {
    // binance answers -2011 "Unknown order sent." for orders it has but that are no longer open.
    if (isNotFound(error, ccxt)) return fetchOrderWith(exchange, ccxt, clientOrderId, symbol);
    throw mapTradingError(error, ccxt, exchange, action);
  }
  // binance's cancel answer names the cancel request's own client id: keep the order's.
  const order = { ...parseOrder(raw, exchange.id), clientOrderId };
  return withTrades(exchange, ccxt, order);
}
