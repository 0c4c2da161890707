import type { ClockAnchor, SandboxAccountState, SandboxLedger, SandboxOrder } from '../../core/index.js';

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
    return structuredClone(orders.sort((a, b) => a.placedAt - b.placedAt));
  }

  async commit(account: string, state: SandboxAccountState, orders: readonly SandboxOrder[]): Promise<void> {
    const copies = structuredClone({ state, orders });
    this.accounts.set(account, copies.state);
    let book = this.orders.get(account);
    if (!book) this.orders.set(account, (book = new Map()));
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
