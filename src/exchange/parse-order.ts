import { FleetError } from '../core/index.js';
import type { ExchangeFee, ExchangeOrder, ExchangeTrade } from './trading-types.js';

type Raw = Readonly<Record<string, unknown>>;

/**
 * A ccxt unified order as fleet's plain ExchangeOrder. `trades` stays undefined unless ccxt
 * parsed some (binance's FULL order response carries them; order queries do not).
 */
export function parseOrder(raw: unknown, exchangeId: string): ExchangeOrder {
  if (raw === null || typeof raw !== 'object') throw new FleetError(`${exchangeId} sent no order`);
  const o = raw as Raw;
  const id = text(o.id);
  const symbol = text(o.symbol);
  const side = o.side;
  if (id === undefined || symbol === undefined || (side !== 'buy' && side !== 'sell')) {
    throw new FleetError(`${exchangeId} sent an order without id, symbol or side`);
  }
  const trades = Array.isArray(o.trades) && o.trades.length > 0 ? o.trades.map(parseTrade) : undefined;
  return {
    id,
    symbol,
    side,
    type: text(o.type) ?? 'unknown',
    amount: num(o.amount) ?? 0,
    filled: num(o.filled) ?? 0,
    fees: parseFees(o),
    ...defined('clientOrderId', text(o.clientOrderId)),
    ...defined('status', text(o.status)),
    ...defined('price', num(o.price)),
    ...defined('average', num(o.average)),
    ...defined('cost', num(o.cost)),
    ...defined('trades', trades),
    ...defined('timestamp', num(o.timestamp)),
    ...defined('updatedAt', num(o.lastUpdateTimestamp) ?? num(o.lastTradeTimestamp) ?? num(o.timestamp)),
  };
}

export function parseTrade(raw: unknown): ExchangeTrade {
  const t = (raw ?? {}) as Raw;
  return {
    amount: num(t.amount) ?? 0,
    price: num(t.price) ?? 0,
    fees: parseFees(t),
    ...defined('id', text(t.id)),
    ...defined('timestamp', num(t.timestamp)),
  };
}

/** ccxt puts fees in `fees` (a list) and often the same one again in `fee`: the list wins. */
function parseFees(o: Raw): ExchangeFee[] {
  const list = Array.isArray(o.fees) && o.fees.length > 0 ? o.fees : o.fee ? [o.fee] : [];
  return list.flatMap((fee: unknown) => {
    const f = (fee ?? {}) as Raw;
    const cost = num(f.cost);
    const currency = text(f.currency);
    return cost !== undefined && currency !== undefined ? [{ cost, currency }] : [];
  });
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `{ key: value }` when value is defined, else `{}` (exactOptionalPropertyTypes-friendly). */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
