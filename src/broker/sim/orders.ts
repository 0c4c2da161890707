import type { OrderReport, OrderRequest, SandboxOrder } from '../../core/index.js';

const SIDES = ['buy', 'sell'];
const TYPES = ['market', 'limit', 'stop'];

/** Why a request cannot be accepted at all, whatever the market and the account say. */
export function invalidRequest(request: OrderRequest): string | undefined {
  if (typeof request.clientOrderId !== 'string' || request.clientOrderId === '') return 'clientOrderId is required';
  if (typeof request.symbol !== 'string' || request.symbol === '') return 'symbol is required';
  if (!SIDES.includes(request.side)) return `side must be buy or sell, got ${String(request.side)}`;
  if (!TYPES.includes(request.type)) return `type must be market, limit or stop, got ${String(request.type)}`;
  if (!(Number.isFinite(request.quantity) && request.quantity > 0)) {
    return `quantity must be a positive number, got ${request.quantity}`;
  }
  if (request.type !== 'market' && !(Number.isFinite(request.price) && (request.price as number) > 0)) {
    return `a ${request.type} order needs a positive price, got ${request.price}`;
  }
  return undefined;
}

/** The order as first accepted (status open, nothing filled). Non-numbers become 0 so they store. */
export function newOrder(request: OrderRequest, now: number): SandboxOrder {
  const finite = (value: number | undefined) => (Number.isFinite(value) ? (value as number) : 0);
  return {
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    quantity: finite(request.quantity),
    ...(request.type !== 'market' && { price: finite(request.price) }),
    ...(request.reduceOnly === true && { reduceOnly: true }),
    status: 'open',
    filledQuantity: 0,
    fee: 0,
    fills: [],
    updatedAt: now,
    placedAt: now,
  };
}

export function refused(
  order: SandboxOrder,
  status: 'rejected' | 'expired',
  reason: string,
  now: number,
): SandboxOrder {
  return { ...order, status, reason, updatedAt: now };
}

/** Filled in full, in one fill with a deterministic id. */
export function filled(order: SandboxOrder, quantity: number, price: number, fee: number, time: number, now: number) {
  const fill = { id: `${order.clientOrderId}-1`, quantity, price, fee, time };
  return {
    ...order,
    quantity,
    status: 'filled',
    filledQuantity: quantity,
    averagePrice: price,
    fee,
    fills: [fill],
    updatedAt: now,
  } satisfies SandboxOrder;
}

/** What callers see: the order without the exchange's bookkeeping. */
export function reportOf(order: SandboxOrder): OrderReport {
  const { placedAt: _placedAt, ...report } = order;
  return report;
}

/** The asset a symbol trades: the base of `BTC/USDT`, the symbol itself for `SBX-TREND`. */
export function baseAsset(symbol: string): string {
  const slash = symbol.indexOf('/');
  return slash > 0 ? symbol.slice(0, slash) : symbol;
}
