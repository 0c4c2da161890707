import { isFinalOrderStatus, type OrderIntent } from '../core/index.js';
import { insertOrder, type LedgerOrder, markSending } from '../store/index.js';
import { refusalEvent } from './activity.js';
import { crashPoint, freezePoint } from './crash-point.js';
import { type DeskParts, deskLease, marketPrice } from './desk-parts.js';
import { railsVerdict } from './order-rails.js';
import { closeOrder, recordReport, type StepOutcome } from './order-record.js';
import { vanished } from './vanished-order.js';

/** An order the desk means to send, before the ledger holds it: its id, and the bar it is for. */
export interface NewDeskOrder extends OrderIntent {
  readonly id: string;
  readonly barTime: number;
  /** The last price as it was decided on, which the rails judge it against. */
  readonly last: number;
}

/** Persists a new order, then sends it through the rails to the broker. */
export async function sendOrder(desk: DeskParts, order: NewDeskOrder): Promise<StepOutcome> {
  const { store, bot, symbol, mode } = desk.options;
  // Persisted before the rails and the broker see it: after a crash the ledger knows what may
  // have been sent, and a refusal is recorded once however often the bar is retried.
  freezePoint('order');
  const row = await insertOrder(
    store,
    {
      bot,
      clientOrderId: order.id,
      symbol,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      price: order.type === 'market' ? undefined : order.price,
      reduceOnly: order.reduceOnly,
      role: order.role,
      barTime: order.barTime,
      mode,
    },
    desk.options.fence(),
  );
  crashPoint('order');
  return dispatch(desk, row, order.price, order.last);
}

/** A step the ledger already holds: send it if it never left, otherwise catch up with it. */
export async function resumeOrder(desk: DeskParts, order: LedgerOrder): Promise<StepOutcome> {
  const { broker } = desk.options;
  if (order.status === 'rejected') return 'rejected';
  if (isFinalOrderStatus(order.status)) return 'done';
  if (order.status === 'new') {
    const last = await broker.lastPrice(order.symbol);
    const reference = order.price ?? marketPrice(desk, last, order.side === 'buy');
    return dispatch(desk, order, reference, last);
  }
  const report = await broker.fetchOrder(order.clientOrderId, order.symbol);
  if (report === undefined) throw vanished(order, broker.name);
  return recordReport(desk, order, report);
}

/** The rails, then the broker. `reference` is the price the rails judge the order at. */
async function dispatch(desk: DeskParts, order: LedgerOrder, reference: number, last: number): Promise<StepOutcome> {
  const { store, broker } = desk.options;
  const now = desk.options.now();
  const verdict = await railsVerdict(desk, order, reference, last, now);
  if (!verdict.ok) {
    const event = refusalEvent(order, reference, verdict.rail, verdict.reason);
    await closeOrder(desk, order, 'rejected', `risk:${verdict.rail}: ${verdict.reason}`, event);
    return 'rejected';
  }
  // Cleared to go under the lease, in a transaction that checks it, before any broker sees it:
  // a runner that lost its lease stops here.
  freezePoint('sent');
  await markSending(store, order.clientOrderId, deskLease(desk));
  crashPoint('sent');
  desk.rate.record(now);
  freezePoint('placed');
  const report = await broker.placeOrder({
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    price: order.price,
    reduceOnly: order.reduceOnly,
  });
  crashPoint('placed');
  return recordReport(desk, order, report);
}
