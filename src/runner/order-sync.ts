import { isFinalOrderStatus } from '../core/index.js';
import { activeOrders, type LedgerOrder } from '../store/index.js';
import type { DeskParts } from './desk-parts.js';
import { closeOrder } from './order-record.js';
import { VanishedOrderError, vanished } from './vanished-order.js';

/**
 * Brings every order the ledger believes is live up to date with the broker, recording new
 * fills. An order persisted but never sent (a crash between the two) is left for its bar to
 * be redone when that bar is still ahead of `doneThrough`, and closed otherwise. An acknowledged
 * order the broker no longer knows, or reports cancelled though the bot never asked, throws
 * VanishedOrderError: nothing of it is recorded as if it were ordinary.
 */
export async function syncOrders(desk: DeskParts, doneThrough: number | null): Promise<LedgerOrder[]> {
  const { store, bot, broker } = desk.options;
  const live: LedgerOrder[] = [];
  for (const order of await activeOrders(store, bot)) {
    const report = await broker.fetchOrder(order.clientOrderId, order.symbol);
    if (report === undefined) {
      if (order.status !== 'new') throw vanished(order, broker.name);
      if (doneThrough === null || order.barTime > doneThrough) {
        live.push(order);
        continue;
      }
      await closeOrder(desk, order, 'cancelled', 'the broker never received it');
      continue;
    }
    if (report.status === 'cancelled' && !order.cancelRequested && order.status !== 'cancelled') {
      throw new VanishedOrderError(order, `was cancelled at ${broker.name} though the bot never asked to cancel it`);
    }
    const status = await desk.booking.record(order, report);
    if (!isFinalOrderStatus(status)) live.push({ ...order, status });
  }
  return live;
}
