import type { OrderReport } from '../core/index.js';
import { type LedgerOrder, markOrder } from '../store/index.js';
import { type ActivityEvent, orderEvent } from './activity.js';
import type { DeskParts } from './desk-parts.js';

/** What a step of a decision came to. */
export type StepOutcome = 'done' | 'skipped' | 'rejected';

/** Books the broker's report; a rejection is recorded (an alert) with the order's new state. */
export async function recordReport(desk: DeskParts, order: LedgerOrder, report: OrderReport): Promise<StepOutcome> {
  await desk.booking.record(order, report);
  return report.status === 'rejected' ? 'rejected' : 'done';
}

/**
 * Ends an order without a broker report (refused by a rail, or unknown to the broker), with its
 * event in the same transaction: `event` for a refusal, an order_cancelled event otherwise.
 */
export async function closeOrder(
  desk: DeskParts,
  order: LedgerOrder,
  status: 'cancelled' | 'rejected',
  why: string,
  event: ActivityEvent | undefined = orderEvent(
    order,
    { status, filledQuantity: order.filledQuantity, averagePrice: order.averagePrice, fee: order.fee, reason: why },
    desk.options.broker.name,
  ),
): Promise<void> {
  await markOrder(desk.options.store, order.clientOrderId, status, why, event, desk.options.fence());
  desk.booking.forget(order.clientOrderId);
  if (event !== undefined) desk.options.onActivity?.(event);
}
