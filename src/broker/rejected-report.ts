import type { OrderReport, OrderRequest } from '../core/index.js';

/** The report of an order the broker refused before (or instead of) the venue filling it. */
export function rejectedReport(request: OrderRequest, reason: string): OrderReport {
  return {
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    quantity: request.quantity,
    ...(request.price !== undefined ? { price: request.price } : {}),
    ...(request.reduceOnly ? { reduceOnly: true } : {}),
    status: 'rejected',
    filledQuantity: 0,
    fee: 0,
    fills: [],
    reason,
    updatedAt: Date.now(),
  };
}
