import type { OrderReport } from './trading.js';

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
  /** Saves the account and the given (new or changed) orders together, all or nothing. */
  commit(account: string, state: SandboxAccountState, orders: readonly SandboxOrder[]): Promise<void>;
  /**
   * The anchor of the named clock. The first call creates it from `proposed`; later calls return
   * the stored one, re-anchored at the current simulated time if `proposed.speed` differs (time
   * never runs backwards across restarts).
   */
  clockAnchor(name: string, proposed: ClockAnchor): Promise<ClockAnchor>;
}
