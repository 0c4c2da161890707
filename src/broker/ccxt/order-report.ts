import type { BrokerFill, OrderReport, OrderStatus, OrderType } from '../../core/index.js';
import type { ExchangeFee, ExchangeOrder, ExchangeTrade } from '../../exchange/index.js';

/**
 * An exchange's order as fleet's OrderReport.
 *
 * Fills and their ids, chosen so that recording the fills of every report about an order, in any
 * order and any number of times, counts each unit once (a ledger keys fills by order and fill id):
 *  - when the exchange lists the order's trades (binance does: in the order response and through
 *    myTrades), one fill per trade, its id the exchange's trade id. Every report names a trade by
 *    the same id, so a partial fill seen twice is one fill, and a growing order only adds ids.
 *  - when it cannot, one summary fill `${clientOrderId}-summary` (all of filledQuantity at the
 *    average price), and only once the order has ended, when it can no longer change. While such
 *    an order is open and partly filled, `fills` is empty and `filledQuantity` tells the progress:
 *    a summary that grew under one id would be dropped as already recorded, and one id per
 *    cumulative amount would be counted again with each report.
 * Fees are converted to the quote currency: a fee in the base asset at the fill's price (and
 * reported as `baseFee` too, since the account received that much less of the base asset); a fee
 * in a third asset (binance's BNB discount) has no price here and is left out of `fee`.
 */
export function toOrderReport(order: ExchangeOrder, clientOrderId: string, quote?: string): OrderReport {
  const status = orderStatus(order);
  const type = orderType(order.type);
  const [base, symbolQuote] = splitSymbol(order.symbol);
  const quoteAsset = symbolQuote ?? quote;
  const average = averagePrice(order);
  const toQuote = (fees: readonly ExchangeFee[], price: number | undefined): number =>
    fees.reduce((sum, f) => {
      if (f.currency === quoteAsset) return sum + f.cost;
      if (f.currency === base && price !== undefined) return sum + f.cost * price;
      return sum;
    }, 0);
  const inBase = (fees: readonly ExchangeFee[]): number =>
    fees.reduce((sum, f) => (f.currency === base && f.currency !== quoteAsset ? sum + f.cost : sum), 0);
  let fills: BrokerFill[];
  let fee: number;
  const updatedAt = order.updatedAt ?? order.timestamp ?? Date.now();
  if (order.trades !== undefined) {
    fills = order.trades.map((trade, i) =>
      tradeFill(trade, i, clientOrderId, toQuote(trade.fees, trade.price), inBase(trade.fees), updatedAt),
    );
    fee = fills.reduce((sum, f) => sum + f.fee, 0);
  } else {
    fee = toQuote(order.fees, average);
    const ended = status === 'filled' || status === 'cancelled' || status === 'expired';
    fills =
      ended && order.filled > 0 && average !== undefined
        ? [
            withBaseFee(
              { id: `${clientOrderId}-summary`, quantity: order.filled, price: average, fee, time: updatedAt },
              inBase(order.fees),
            ),
          ]
        : [];
  }
  return {
    clientOrderId,
    exchangeOrderId: order.id,
    symbol: order.symbol,
    side: order.side,
    type,
    quantity: order.amount,
    ...(type !== 'market' && order.price !== undefined ? { price: order.price } : {}),
    status,
    filledQuantity: order.filled,
    ...(average !== undefined ? { averagePrice: average } : {}),
    fee,
    fills,
    updatedAt,
  };
}

/**
 * ccxt's statuses as fleet's: open (partially_filled once something filled), closed → filled,
 * canceled → cancelled, expired, rejected. 'canceling' is still open; an order without a status
 * is judged by how much of it filled.
 */
export function orderStatus(order: ExchangeOrder): OrderStatus {
  switch (order.status) {
    case 'closed':
      return 'filled';
    case 'canceled':
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default:
      if (order.filled <= 0) return 'open';
      return order.amount > 0 && order.filled >= order.amount ? 'filled' : 'partially_filled';
  }
}

function orderType(type: string): OrderType {
  if (type.includes('stop')) return 'stop';
  return type.includes('limit') ? 'limit' : 'market';
}

function tradeFill(
  trade: ExchangeTrade,
  index: number,
  clientOrderId: string,
  fee: number,
  baseFee: number,
  time: number,
): BrokerFill {
  return withBaseFee(
    {
      id: trade.id ?? `${clientOrderId}-t${index}`,
      quantity: trade.amount,
      price: trade.price,
      fee,
      time: trade.timestamp ?? time,
    },
    baseFee,
  );
}

/** The fill, saying which part of its fee was paid in the base asset (the ledger needs it). */
const withBaseFee = (fill: BrokerFill, baseFee: number): BrokerFill => (baseFee > 0 ? { ...fill, baseFee } : fill);

function averagePrice(order: ExchangeOrder): number | undefined {
  if (order.filled <= 0) return undefined;
  if (order.average !== undefined && order.average > 0) return order.average;
  if (order.cost !== undefined && order.cost > 0) return order.cost / order.filled;
  const trades = order.trades ?? [];
  const amount = trades.reduce((sum, t) => sum + t.amount, 0);
  return amount > 0 ? trades.reduce((sum, t) => sum + t.amount * t.price, 0) / amount : undefined;
}

/** 'BTC/USDT' → ['BTC', 'USDT']; 'BTC/USDT:USDT' → ['BTC', 'USDT']; no slash → [symbol, undefined]. */
export function splitSymbol(symbol: string): [base: string, quote: string | undefined] {
  const slash = symbol.indexOf('/');
  if (slash < 0) return [symbol, undefined];
  return [symbol.slice(0, slash), symbol.slice(slash + 1).split(':')[0]];
}

/** The currency a bot's cash is in: the quote of a BASE/QUOTE pair, USDT for sandbox symbols (SBX-TREND). */
export const quoteCurrency = (symbol: string): string => splitSymbol(symbol)[1] ?? 'USDT';
