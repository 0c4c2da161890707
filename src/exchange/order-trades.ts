import type { ExchangeClient } from './create-exchange.js';
import type { CcxtModule } from './load-ccxt.js';
import { parseTrade } from './parse-order.js';
import { mapTradingError } from './trading-errors.js';
import type { ExchangeOrder } from './trading-types.js';

/** Relative slack when comparing summed trade amounts with an order's filled amount. */
const EPSILON = 1e-9;

/**
 * The order with its trades listed, so that every answer about one order names its fills by the
 * exchange's trade ids (binance: GET /api/v3/myTrades?orderId=…, one extra request, only while
 * the trades on hand do not add up to `filled`). An exchange that cannot list an order's trades
 * leaves `trades` undefined.
 */
export async function withTrades(
  exchange: ExchangeClient,
  ccxt: CcxtModule,
  order: ExchangeOrder,
): Promise<ExchangeOrder> {
  if (order.filled <= 0) return { ...order, trades: [] };
  if (order.trades !== undefined && covers(order.trades, order.filled)) return order;
  if (exchange.ccxt.has?.fetchOrderTrades !== true) return order;
  let raw: unknown;
  try {
    raw = await exchange.ccxt.fetchOrderTrades(order.id, order.symbol);
  } catch (error) {
    throw mapTradingError(error, ccxt, exchange, `listing the trades of order ${order.clientOrderId ?? order.id}`);
  }
  const trades = (Array.isArray(raw) ? raw : []).map(parseTrade);
  trades.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  // A lagging trade list still names every fill it has by its id; the rest arrive later.
  return { ...order, trades: trades.length >= (order.trades?.length ?? 0) ? trades : (order.trades ?? trades) };
}

function covers(trades: readonly { amount: number }[], filled: number): boolean {
  const sum = trades.reduce((total, t) => total + t.amount, 0);
  return sum >= filled * (1 - EPSILON);
}
