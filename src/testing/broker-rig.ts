import type { Broker } from '../core/index.js';

/**
 * What the Broker conformance suite needs of one implementation: the broker on a fresh account,
 * a way to build it again over that same account (a restarted process), and the few facts and
 * venue-side controls the cases use. The suite calls the setup before every case and `close`
 * after it, so each case starts from an account holding only its quote cash.
 */
export interface BrokerRig {
  /** The broker under test, on an account holding `quote` cash and no position or open order. */
  readonly broker: Broker;
  /**
   * A new broker instance over the same account (the same ledger, server or venue account): what
   * a process restarted after a crash would build. The suite closes what it returns.
   */
  restart(): Promise<Broker>;
  /** A symbol the broker trades, e.g. `BTC/USDT`. */
  readonly symbol: string;
  /** The asset `balances()` holds the symbol's position under (e.g. `BTC`, or the symbol itself). */
  readonly base: string;
  /** The cash asset of `balances()`, e.g. `USDT` or `USD`. */
  readonly quote: string;
  /** A quantity the account can buy at once, at or above the symbol's minimum. */
  readonly quantity: number;
  /** A limit price far enough below the market that a buy rests (and the account can pay for). */
  readonly restingBuyPrice: number;
  /**
   * How many orders the venue holds (accepted, whatever became of them since), where the rig can
   * see it: the suite then checks that a resent client id and a refused request add none.
   */
  venueOrders?(): number | Promise<number>;
  /**
   * Present when the venue can fill part of an order. Absent: the venue declares it fills every
   * order whole, and the suite checks exactly that instead.
   */
  readonly partialFills?: PartialFillControls;
  /** Releases what the setup made (the suite closes the brokers itself). */
  close?(): Promise<void>;
}

export interface PartialFillControls {
  /** From now on, orders fill only `fraction` of their quantity at once and stay open. */
  begin(fraction: number): void | Promise<void>;
  /** Fills the rest of the order holding `clientOrderId`. */
  fillRest(clientOrderId: string): void | Promise<void>;
}

/** Makes a rig on a fresh account; called before every case of the suite. */
export type BrokerRigSetup = () => Promise<BrokerRig>;
