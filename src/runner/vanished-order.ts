import { FleetError } from '../core/index.js';
import type { LedgerOrder } from '../store/index.js';

/**
 * An order the broker had acknowledged is gone from it without a fill or a cancel of the bot's
 * (or was cancelled there without the bot asking): someone else touched the account, and the bot
 * must not trade on its picture of it. The runner halts on it.
 */
export class VanishedOrderError extends FleetError {
  constructor(
    readonly order: LedgerOrder,
    what: string,
  ) {
    super(
      `order ${order.clientOrderId} (${order.role} ${order.side} ${order.quantity} ${order.symbol}, ${order.status} at the broker) ${what}`,
    );
  }
}

/** An acknowledged order the broker no longer knows. */
export const vanished = (order: LedgerOrder, broker: string): VanishedOrderError =>
  new VanishedOrderError(order, `vanished from ${broker} without a fill or a cancel of the bot's`);
