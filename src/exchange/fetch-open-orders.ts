import type { ExchangeClient } from './create-exchange.js';
import { withTrades } from './order-trades.js';
import { parseOrder } from './parse-order.js';
import { mapTradingError, prepareTrading } from './trading-errors.js';
import type { ExchangeOrder } from './trading-types.js';

/** Every open order, of one symbol or all of them, with the trades of partly filled ones. */
export async function fetchOpenOrders(exchange: ExchangeClient, symbol?: string): Promise<ExchangeOrder[]> {
  const action = `listing open orders${symbol === undefined ? '' : ` of ${symbol}`}`;
  const ccxt = await prepareTrading(exchange, action);
  let raw: unknown;
  try {
    raw = await exchange.ccxt.fetchOpenOrders(symbol);
  } catch (error) {
    throw mapTradingError(error, ccxt, exchange, action);
  }
  const orders = (Array.isArray(raw) ? raw : []).map((o) => parseOrder(o, exchange.id));
  const complete: ExchangeOrder[] = [];
  for (const order of orders) complete.push(await withTrades(exchange, ccxt, order));
  return complete;
}
