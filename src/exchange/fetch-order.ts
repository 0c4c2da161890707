import type { ExchangeClient } from './create-exchange.js';
import type { CcxtModule } from './load-ccxt.js';
import { withTrades } from './order-trades.js';
import { parseOrder } from './parse-order.js';
import { isNotFound, mapTradingError, prepareTrading } from './trading-errors.js';
import type { ExchangeOrder } from './trading-types.js';

/**
 * The order with this client order id (binance: GET /api/v3/order?origClientOrderId=…), with its
 * trades; undefined when the exchange does not know it. Throws BrokerUnavailableError when the
 * exchange cannot be reached.
 */
export async function fetchOrder(
  exchange: ExchangeClient,
  clientOrderId: string,
  symbol: string,
): Promise<ExchangeOrder | undefined> {
  const ccxt = await prepareTrading(exchange, `looking up order ${clientOrderId}`);
  return fetchOrderWith(exchange, ccxt, clientOrderId, symbol);
}

export async function fetchOrderWith(
  exchange: ExchangeClient,
  ccxt: CcxtModule,
  clientOrderId: string,
  symbol: string,
): Promise<ExchangeOrder | undefined> {
  let raw: unknown;
  try {
    // ccxt's unified `clientOrderId` param; binance sends it as origClientOrderId.
    raw = await exchange.ccxt.fetchOrder('', symbol, { clientOrderId });
  } catch (error) {
    if (isNotFound(error, ccxt)) return undefined;
    throw mapTradingError(error, ccxt, exchange, `looking up order ${clientOrderId}`);
  }
  const order = { ...parseOrder(raw, exchange.id), clientOrderId };
  return withTrades(exchange, ccxt, order);
}
