import type { Broker } from '../core/index.js';
import type { LedgerOrder } from '../store/index.js';
import { type Mismatch, reconcile } from './reconcile.js';

export interface BrokerCheck {
  readonly broker: Broker;
  readonly symbol: string;
  /** What the broker should show by the bot's ledger (fills it reported but has not listed included). */
  readonly expected: { readonly position: number; readonly cash: number };
  /** The part of `expected.position` reported but not listed yet (LedgerView.unlisted). */
  readonly unlisted: number;
  /** The orders the ledger holds as live. */
  readonly live: readonly LedgerOrder[];
  /** The account is the bot's alone: compare its cash in `quote` as well. */
  readonly ownAccount: boolean;
  readonly quote: string;
  /** Position differences below this are dust, not mismatches (Broker.minimumQuantity). */
  readonly dust: number;
}

/** Reads the broker's own record of the account and compares the bot's ledger with it. */
export async function brokerMismatches(check: BrokerCheck): Promise<Mismatch[]> {
  const { broker, symbol, expected, ownAccount } = check;
  const [positions, openOrders, balances] = await Promise.all([
    broker.positions(),
    broker.openOrders(symbol),
    ownAccount ? broker.balances() : Promise.resolve(undefined),
  ]);
  return reconcile(
    {
      symbol,
      position: expected.position,
      openOrderIds: new Set(check.live.map((order) => order.clientOrderId)),
      cash: ownAccount ? expected.cash : undefined,
      dust: check.dust,
      unlisted: check.unlisted,
    },
    { positions, openOrders, cash: balances?.[check.quote] },
  );
}
