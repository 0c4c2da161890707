import type { ExchangeClient } from './create-exchange.js';
import { fetchOrderWith } from './fetch-order.js';
import { withTrades } from './order-trades.js';
import { parseOrder } from './parse-order.js';
import { exchangeMessage, isDuplicate, isRefusal, mapTradingError, prepareTrading } from './trading-errors.js';
import type { CreateOrderOutcome, CreateOrderParams } from './trading-types.js';

/**
 * Sends an order under the caller's client order id (ccxt's unified `clientOrderId` param;
 * binance sends it as newClientOrderId). A refusal (funds, filters, price, unknown symbol) is an
 * outcome with the exchange's reason, not an error. When the exchange says the client id is
 * taken, the order holding it is fetched and returned (`existing: true`), so sending twice never
 * makes two orders. Throws BrokerUnavailableError when the exchange cannot be reached: the order
 * may or may not have arrived.
 */
export async function createOrder(exchange: ExchangeClient, params: CreateOrderParams): Promise<CreateOrderOutcome> {
  const { symbol, side, type, amount, price, clientOrderId } = params;
  const action = `placing order ${clientOrderId}`;
  const ccxt = await prepareTrading(exchange, action);
  let raw: unknown;
  try {
    raw = await exchange.ccxt.createOrder(symbol, type, side, amount, type === 'limit' ? price : undefined, {
      clientOrderId,
    });
  } catch (error) {
    if (isDuplicate(error, ccxt)) {
      const existing = await fetchOrderWith(exchange, ccxt, clientOrderId, symbol);
      if (existing) return { kind: 'placed', order: existing, existing: true };
    }
    if (isRefusal(error, ccxt)) return { kind: 'rejected', reason: exchangeMessage(error, exchange) };
    throw mapTradingError(error, ccxt, exchange, action);
  }
  const order = { ...parseOrder(raw, exchange.id), clientOrderId };
  return { kind: 'placed', order: await withTrades(exchange, ccxt, order), existing: false };
}
