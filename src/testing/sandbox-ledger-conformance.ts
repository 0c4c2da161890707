import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type SandboxAccountState,
  SandboxConflictError,
  type SandboxLedger,
  type SandboxOrder,
} from '../core/index.js';

/** One implementation of the SandboxLedger port, fresh and empty, for one case of the suite. */
export interface SandboxLedgerRig {
  readonly ledger: SandboxLedger;
  /** Another ledger over the same books: what a second process (or a restarted one) opens. */
  reopen(): Promise<SandboxLedger>;
  /** Releases what the setup made. */
  close?(): Promise<void>;
}

/** Makes a rig on empty books; called before every case of the suite. */
export type SandboxLedgerRigSetup = () => Promise<SandboxLedgerRig>;

/** A resting reduce-only stop as the sandbox exchange keeps it, with numbers JSON must keep exactly. */
export const sandboxOrder = (id: string, placedAt: number, extra: Partial<SandboxOrder> = {}): SandboxOrder => ({
  clientOrderId: id,
  symbol: 'SBX-TREND',
  side: 'sell',
  type: 'stop',
  quantity: 0.1 + 0.2, // 0.30000000000000004: must come back as is
  price: 1 / 3,
  reduceOnly: true,
  status: 'open',
  filledQuantity: 0,
  fee: 0,
  fills: [],
  updatedAt: placedAt,
  placedAt,
  ...extra,
});
const order = sandboxOrder;
/** The changes that create `orders`, for a commit. */
export const created = (...orders: SandboxOrder[]) => orders.map((after) => ({ before: undefined, after }));
const ids = (orders: readonly SandboxOrder[]) => orders.map((o) => o.clientOrderId);

/**
 * What the sandbox exchange relies on from its books (the `SandboxLedger` port): exact round
 * trips, open orders oldest first, copies in and out, commits that are all or nothing and apply
 * only to rows still as the exchange read them, and clock anchors that survive a restart. Fences
 * (a runner's lease) are the database's alone and are tested with it.
 *
 * Call it once per implementation, at the top level of a vitest file.
 */
export function describeSandboxLedgerConformance(name: string, setup: SandboxLedgerRigSetup): void {
  describe(`SandboxLedger conformance: ${name}`, () => {
    let rig: SandboxLedgerRig;
    let ledger: SandboxLedger;
    beforeEach(async () => {
      rig = await setup();
      ledger = rig.ledger;
    });
    afterEach(async () => {
      await rig?.close?.();
    });

    it('round-trips accounts and orders bit for bit, seen by another ledger over the same books', async () => {
      expect(await ledger.loadAccount('a')).toBeUndefined();
      expect(await ledger.findOrder('a', 'x')).toBeUndefined();
      const state = {
        cash: Math.PI * 3141.5926,
        positions: { 'SBX-TREND': -Math.E / 1e7, 'BTC/USDT': 5e-324 },
        matchedThrough: { 'SBX-TREND': 1_704_067_200_000 },
      };
      const filled = order('f', 3, {
        type: 'market',
        status: 'filled',
        filledQuantity: 0.30000000000000004,
        averagePrice: 123.45600000000002,
        fee: 1.7976931348623157e308,
        fills: [{ id: 'f-1', quantity: 0.30000000000000004, price: 123.45600000000002, fee: 0.1, time: 3 }],
      });
      await ledger.commit('a', { before: undefined, after: state, orders: created(filled) });
      for (const reader of [ledger, await rig.reopen()]) {
        expect(await reader.loadAccount('a')).toEqual(state);
        expect(await reader.findOrder('a', 'f')).toEqual(filled);
        expect((await reader.findOrder('a', 'f'))?.fee).toBe(1.7976931348623157e308);
        expect((await reader.loadAccount('a'))?.positions['BTC/USDT']).toBe(5e-324);
      }
    });

    it('lists only open orders, oldest first (by id within a millisecond), of one account', async () => {
      const account = { cash: 1, positions: {}, matchedThrough: {} };
      const partial = order('part', 15, { status: 'partially_filled', filledQuantity: 0.1 });
      const done = order('done', 5, { status: 'cancelled' });
      await ledger.commit('a', {
        before: undefined,
        after: account,
        orders: created(order('late', 20), order('tie-b', 10), order('tie-a', 10), partial, done),
      });
      await ledger.commit('b', { before: undefined, after: account, orders: created(order('other', 1)) });
      expect(ids(await ledger.openOrders('a'))).toEqual(['tie-a', 'tie-b', 'part', 'late']);
      expect((await ledger.openOrders('a'))[2]).toEqual(partial);
      expect(ids(await ledger.openOrders('b'))).toEqual(['other']);
      expect(await ledger.openOrders('nobody')).toEqual([]);
      if (ledger.loadBooks) {
        expect(await ledger.loadBooks('a')).toEqual({ state: account, open: await ledger.openOrders('a') });
        expect(await ledger.loadBooks('nobody')).toEqual({ state: undefined, open: [] });
      }
      // Once final, an order leaves the open list and is still found.
      await ledger.commit('a', {
        before: account,
        after: undefined,
        orders: [{ before: order('tie-a', 10), after: order('tie-a', 10, { status: 'cancelled', updatedAt: 30 }) }],
      });
      expect(ids(await ledger.openOrders('a'))).toEqual(['tie-b', 'part', 'late']);
      expect((await ledger.findOrder('a', 'tie-a'))?.status).toBe('cancelled');
      expect(await ledger.loadAccount('a')).toEqual(account);
    });

    it('keeps its own copies: changing what went in or came out changes nothing stored', async () => {
      const state = { cash: 10, positions: { X: 1 }, matchedThrough: {} };
      const mine = order('o', 1);
      await ledger.commit('a', { before: undefined, after: state, orders: created(mine) });
      state.positions.X = 99;
      (mine.fills as unknown[]).push({ id: 'bogus' });
      const read = (await ledger.loadAccount('a')) as SandboxAccountState & { positions: Record<string, number> };
      read.positions.X = 42;
      expect(await ledger.loadAccount('a')).toEqual({ cash: 10, positions: { X: 1 }, matchedThrough: {} });
      expect((await ledger.findOrder('a', 'o'))?.fills).toEqual([]);
    });

    it('commits all or nothing: one stale row refuses the whole commit', async () => {
      const account = { cash: 100, positions: {}, matchedThrough: {} };
      await ledger.commit('a', {
        before: undefined,
        after: account,
        orders: created(order('one', 1), order('two', 2)),
      });
      const commit = ledger.commit('a', {
        before: account,
        after: { cash: 50, positions: {}, matchedThrough: {} },
        orders: [
          { before: order('one', 1), after: order('one', 1, { status: 'filled' }) },
          { before: order('two', 2, { status: 'cancelled' }), after: order('two', 2, { status: 'filled' }) },
          ...created(order('three', 3)),
        ],
      });
      await expect(commit).rejects.toBeInstanceOf(SandboxConflictError);
      expect((await ledger.loadAccount('a'))?.cash).toBe(100);
      expect((await ledger.findOrder('a', 'one'))?.status).toBe('open');
      expect(await ledger.findOrder('a', 'three')).toBeUndefined();
    });

    it('applies a change only to rows still as the exchange read them', async () => {
      const read = { cash: 4042.1, positions: { 'SBX-TREND': 4.417 }, matchedThrough: {} };
      await ledger.commit('a', { before: undefined, after: read, orders: created(order('tp', 1)) });
      // Another writer (a second process, cash added by hand) changes the account first.
      const other = await rig.reopen();
      const topped = { ...read, cash: 8242.03 };
      await other.commit('a', { before: read, after: topped, orders: [] });
      const stale = ledger.commit('a', { before: read, after: { ...read, cash: 1, positions: {} }, orders: [] });
      await expect(stale).rejects.toBeInstanceOf(SandboxConflictError);
      expect(await ledger.loadAccount('a')).toEqual(topped);
      // A second account under a name already taken is refused, not overwritten.
      const twice = ledger.commit('a', { before: undefined, after: read, orders: [] });
      await expect(twice).rejects.toBeInstanceOf(SandboxConflictError);
      // An order changed under the exchange: its update is refused, and nothing else is written.
      await other.commit('a', {
        before: topped,
        after: undefined,
        orders: [{ before: order('tp', 1), after: order('tp', 1, { status: 'cancelled' }) }],
      });
      const cancel = { before: order('tp', 1), after: order('tp', 1, { status: 'filled' }) };
      const late = ledger.commit('a', { before: topped, after: { ...topped, cash: 2 }, orders: [cancel] });
      await expect(late).rejects.toBeInstanceOf(SandboxConflictError);
      expect((await ledger.findOrder('a', 'tp'))?.status).toBe('cancelled');
      expect((await ledger.loadAccount('a'))?.cash).toBe(8242.03);
      // A new order under an id already taken is refused too.
      await ledger.commit('a', { before: topped, after: undefined, orders: created(order('x', 2)) });
      const taken = ledger.commit('a', { before: topped, after: undefined, orders: created(order('x', 3)) });
      await expect(taken).rejects.toBeInstanceOf(SandboxConflictError);
      expect((await ledger.findOrder('a', 'x'))?.placedAt).toBe(2);
    });

    it('creates a clock anchor, keeps it across ledgers, and re-anchors at the simulated now on a new speed', async () => {
      const realOrigin = Date.now() - 10_000;
      const first = await ledger.clockAnchor('sbx', { simOrigin: 1_000_000, realOrigin, speed: 60 });
      expect(first).toEqual({ simOrigin: 1_000_000, realOrigin, speed: 60 });
      const reopened = await rig.reopen();
      expect(await reopened.clockAnchor('sbx', { simOrigin: 5, realOrigin: 5, speed: 60 })).toEqual(first);
      const before = Date.now();
      const moved = await ledger.clockAnchor('sbx', { simOrigin: 5, realOrigin: 5, speed: 1 });
      // At least 10 real seconds at 60x had passed: 600 simulated seconds or more, never back to 5.
      expect(moved.speed).toBe(1);
      expect(moved.realOrigin).toBeGreaterThanOrEqual(before);
      expect(moved.simOrigin).toBeGreaterThanOrEqual(1_000_000 + 600_000);
      expect(await reopened.clockAnchor('sbx', { simOrigin: 5, realOrigin: 5, speed: 1 })).toEqual(moved);
      // A frozen clock (speed 0), as the sandbox market keeps its start, never moves.
      const frozen = await ledger.clockAnchor('frozen', { simOrigin: 42, realOrigin: 1, speed: 0 });
      expect(frozen).toEqual({ simOrigin: 42, realOrigin: 1, speed: 0 });
      expect(await ledger.clockAnchor('frozen', { simOrigin: 99, realOrigin: 2, speed: 0 })).toEqual(frozen);
    });
  });
}
