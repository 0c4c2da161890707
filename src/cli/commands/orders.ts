import { botOrders } from '../../fleet/index.js';
import type { LedgerOrder } from '../../store/index.js';
import { fixed, table } from '../render.js';
import { stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';
import { type WindowFlags, windowQuery } from './window-flags.js';

/**
 * `fleet orders <bot> [--since] [--limit] [--json]`: the bot's order history from the ledger,
 * oldest first: what it asked for, what filled, at what average price and fee, and why an order
 * ended (a rail's refusal, a cancel).
 */
export async function ordersCommand(bot: string, flags: WindowFlags & { json?: boolean }): Promise<void> {
  const query = windowQuery(flags);
  const orders = await withFleetStore((store) => botOrders(store, bot, query));
  if (flags.json) {
    stdout.json(orders.map(toJson));
    return;
  }
  if (orders.length === 0) {
    stdout.line(`${bot} has no orders${query.since === undefined ? '' : ` since ${query.since.toISOString()}`}`);
    return;
  }
  stdout.line(
    table(orders, [
      { header: 'TIME', value: (o) => o.createdAt.toISOString().replace('T', ' ').slice(0, 19) },
      { header: 'ROLE', value: (o) => o.role },
      { header: 'SIDE', value: (o) => o.side },
      { header: 'TYPE', value: (o) => o.type },
      { header: 'QUANTITY', value: (o) => quantity(o.quantity), align: 'right' },
      { header: 'PRICE', value: (o) => (o.price === undefined ? '-' : fixed(o.price)), align: 'right' },
      { header: 'STATUS', value: (o) => o.status },
      { header: 'FILLED', value: (o) => quantity(o.filledQuantity), align: 'right' },
      { header: 'AVG', value: (o) => (o.averagePrice === undefined ? '-' : fixed(o.averagePrice)), align: 'right' },
      { header: 'FEE', value: (o) => fixed(o.fee, 4), align: 'right' },
      { header: 'CLIENT ID', value: (o) => o.clientOrderId },
      { header: 'REASON', value: (o) => o.reason ?? '' },
    ]),
  );
}

function toJson(order: LedgerOrder) {
  return { ...order, createdAt: order.createdAt.toISOString(), updatedAt: order.updatedAt.toISOString() };
}

/** Six significant digits. */
const quantity = (value: number): string => (value === 0 ? '0' : String(Number(value.toPrecision(6))));
