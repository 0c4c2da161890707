import type { LeaseFence, OrderReport } from './trading.js';

/**
 * The sandbox exchange's own books, kept apart from every bot's ledger so that reconciliation
 * compares two independent records. In memory for replays and tests; the database implements the
 * same port so the exchange outlives the processes that trade on it.
 */

export interface SandboxAccountState {
  /** Quote-currency cash. */
  readonly cash: number;
  /** Signed base units by symbol; zero positions may be left out. */
  readonly positions: Readonly<Record<string, number>>;
  /** By symbol: open time of the last bar whose range resting orders were matched against. */
  readonly matchedThrough: Readonly<Record<string, number>>;
}

/** An order as the exchange keeps it: what it reports, and when it started resting. */
export interface SandboxOrder extends OrderReport {
  /** Epoch ms (exchange clock) at which the exchange accepted it. */
  readonly placedAt: number;
}

/** One order's change: as the exchange read it (undefined for a new order) and as it is now. */
export interface SandboxOrderChange {
  readonly before: SandboxOrder | undefined;
  readonly after: SandboxOrder;
}

/**
 * What one exchange call changed, as guarded updates: each row is written only if it is still as
 * the exchange read it, so a change made under the exchange (cash added, an order removed, another
 * process trading the account) is never overwritten.
 */
export interface SandboxCommit {
  /** The account as the exchange read it; undefined when it was new. */
  readonly before: SandboxAccountState | undefined;
  /** The account now; undefined when the call did not change it. */
  readonly after: SandboxAccountState | undefined;
  readonly orders: readonly SandboxOrderChange[];
  /** The lease of the runner trading the account: the commit is refused once it is not current. */
  readonly fence?: LeaseFence;
}

/**
 * A commit found a row changed since the exchange read it: nothing was written. The exchange
 * drops what it holds in memory and reads the books again on its next call.
 */
export class SandboxConflictError extends Error {
  constructor(account: string, what: string) {
    super(`the sandbox account ${account} changed under the exchange (${what}); nothing was written`);
    this.name = 'SandboxConflictError';
  }
}

/** Ties a compressed clock to the wall clock: now = simOrigin + (Date.now() - realOrigin) * speed. */
export interface ClockAnchor {
  readonly simOrigin: number;
  readonly realOrigin: number;
  readonly speed: number;
}

export interface SandboxLedger {
  loadAccount(account: string): Promise<SandboxAccountState | undefined>;
  findOrder(account: string, clientOrderId: string): Promise<SandboxOrder | undefined>;
  /** Orders with status open or partially_filled, oldest first. */
  openOrders(account: string): Promise<SandboxOrder[]>;
  /** loadAccount and openOrders together, in one round trip where the ledger can. */
  loadBooks?(account: string): Promise<{ state: SandboxAccountState | undefined; open: SandboxOrder[] }>;
  /**
   * Applies the account's and the orders' changes together, all or nothing, each only where the
   * row is still as `before` says: otherwise SandboxConflictError, and FencedOutError when the
   * fence is no longer the bot's (the store checks it in the same transaction).
   */
  commit(account: string, change: SandboxCommit): Promise<void>;
  /**
   * The anchor of the named clock. The first call creates it from `proposed`; later calls return
   * the stored one, re-anchored at the current simulated time if `proposed.speed` differs (time
   * never runs backwards across restarts).
   */
  clockAnchor(name: string, proposed: ClockAnchor): Promise<ClockAnchor>;
}
