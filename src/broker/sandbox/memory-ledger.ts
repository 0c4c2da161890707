import { isDeepStrictEqual } from 'node:util';
import {
  type ClockAnchor,
  type SandboxAccountState,
  type SandboxCommit,
  SandboxConflictError,
  type SandboxLedger,
  type SandboxOrder,
} from '../../core/index.js';

const OPEN = new Set(['open', 'partially_filled']);

/**
 * The sandbox ledger in memory, for replays and tests. Values are copied in and out, as a
 * database would, so no caller can change the books behind the exchange's back.
 */
export class MemorySandboxLedger implements SandboxLedger {
  private readonly accounts = new Map<string, SandboxAccountState>();
  private readonly orders = new Map<string, Map<string, SandboxOrder>>();
  private readonly clocks = new Map<string, ClockAnchor>();

  async loadAccount(account: string): Promise<SandboxAccountState | undefined> {
    const state = this.accounts.get(account);
    return state && structuredClone(state);
  }

  async findOrder(account: string, clientOrderId: string): Promise<SandboxOrder | undefined> {
    const order = this.orders.get(account)?.get(clientOrderId);
    return order && structuredClone(order);
  }

  async openOrders(account: string): Promise<SandboxOrder[]> {
    const orders = [...(this.orders.get(account)?.values() ?? [])].filter((order) => OPEN.has(order.status));
    // Orders placed in the same millisecond keep a stable order: by id (as the store's ledger).
    const byId = (a: SandboxOrder, b: SandboxOrder) => (a.clientOrderId < b.clientOrderId ? -1 : 1);
    return structuredClone(orders.sort((a, b) => a.placedAt - b.placedAt || byId(a, b)));
  }

  /**
   * The store's guarded updates, in memory: each row only where it is still as the exchange read
   * it, all or nothing (SandboxConflictError). A fence is not checked: there are no leases here.
   */
  async commit(account: string, change: SandboxCommit): Promise<void> {
    const stored = this.accounts.get(account);
    if (change.after !== undefined && !isDeepStrictEqual(stored, change.before)) {
      throw new SandboxConflictError(account, 'its cash, positions or matching changed');
    }
    const book = this.orders.get(account) ?? new Map<string, SandboxOrder>();
    for (const { before, after } of change.orders) {
      if (!isDeepStrictEqual(book.get(after.clientOrderId), before)) {
        throw new SandboxConflictError(account, `order ${after.clientOrderId} is not as it was read`);
      }
    }
    const copies = structuredClone({ state: change.after, orders: change.orders.map((order) => order.after) });
    if (copies.state !== undefined) this.accounts.set(account, copies.state);
    this.orders.set(account, book);
    for (const order of copies.orders) book.set(order.clientOrderId, order);
  }

  async clockAnchor(name: string, proposed: ClockAnchor): Promise<ClockAnchor> {
    const stored = this.clocks.get(name);
    if (stored && stored.speed === proposed.speed) return { ...stored };
    const now = Date.now();
    const anchor = stored
      ? {
          simOrigin: Math.floor(stored.simOrigin + (now - stored.realOrigin) * stored.speed),
          realOrigin: now,
          speed: proposed.speed,
        }
      : { ...proposed };
    this.clocks.set(name, anchor);
    return { ...anchor };
  }
}
