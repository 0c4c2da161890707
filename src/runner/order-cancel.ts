import { activeOrders, type LedgerOrder, markCancelRequested, type OrderRole } from '../store/index.js';
import { type DeskParts, deskLease } from './desk-parts.js';
import { closeOrder } from './order-record.js';

/** Cancels every live order of `roles` at the broker (the kill switch, or before a signal exit). */
export async function cancelOrders(desk: DeskParts, roles: readonly OrderRole[] | 'all', why: string): Promise<void> {
  const { store, bot } = desk.options;
  for (const order of await activeOrders(store, bot)) {
    if (roles === 'all' || roles.includes(order.role)) await cancelOrder(desk, order, why);
  }
}

/** Cancels one order and books what the broker says of it (it may have filled meanwhile). */
export async function cancelOrder(desk: DeskParts, order: LedgerOrder, why: string): Promise<void> {
  // Recorded first, under the lease: a cancel the broker reports is then known to be ours.
  await markCancelRequested(desk.options.store, order.clientOrderId, deskLease(desk));
  const report = await desk.options.broker.cancelOrder(order.clientOrderId, order.symbol);
  if (report === undefined) await closeOrder(desk, order, 'cancelled', why);
  // The ledger (and the log) keep why it was cancelled, when the broker gives no reason of its own.
  else
    await desk.booking.record(
      order,
      report.status === 'cancelled' && report.reason === undefined ? { ...report, reason: why } : report,
    );
}
