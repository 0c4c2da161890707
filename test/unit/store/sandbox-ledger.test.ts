import { afterEach, describe, expect, it } from 'vitest';
import { FencedOutError, SandboxConflictError, type SandboxOrder } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { acquireLease, registerBots, StoreSandboxLedger } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { scriptParity } from '../../helpers/script-parity.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const order = (id: string, placedAt: number, extra: Partial<SandboxOrder> = {}): SandboxOrder => ({
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

const created = (...orders: SandboxOrder[]) => orders.map((after) => ({ before: undefined, after }));

describe.each(BACKENDS)('StoreSandboxLedger on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('round-trips accounts and orders bit for bit, and lists only open orders, oldest first', async () => {
    database = await createTestDatabase(backend);
    const ledger = new StoreSandboxLedger(await database.open());
    expect(await ledger.loadAccount('a')).toBeUndefined();
    expect(await ledger.findOrder('a', 'x')).toBeUndefined();
    const state = {
      cash: Math.PI * 3141.5926,
      positions: { 'SBX-TREND': -Math.E / 1e7, 'BTC/USDT': 5e-324 },
      matchedThrough: { 'SBX-TREND': 1_704_067_200_000 },
    };
    const filled = order('f', 3, {
      type: 'market',
      price: undefined,
      reduceOnly: undefined,
      status: 'filled',
      filledQuantity: 0.30000000000000004,
      averagePrice: 123.45600000000002,
      fee: 1.7976931348623157e308,
      fills: [{ id: 'f-1', quantity: 0.30000000000000004, price: 123.45600000000002, fee: 0.1, time: 3 }],
    });
    await ledger.commit('a', {
      before: undefined,
      after: state,
      orders: created(order('late', 20), order('early', 10), filled),
    });
    await ledger.commit('b', {
      before: undefined,
      after: { cash: 1, positions: {}, matchedThrough: {} },
      orders: created(order('other', 1)),
    });
    expect(await ledger.loadAccount('a')).toEqual(state);
    expect(await ledger.findOrder('a', 'f')).toEqual(JSON.parse(JSON.stringify(filled)));
    expect((await ledger.findOrder('a', 'f'))?.fee).toBe(1.7976931348623157e308);
    expect((await ledger.openOrders('a')).map((o) => o.clientOrderId)).toEqual(['early', 'late']);
    expect((await ledger.openOrders('a'))[0]).toEqual(order('early', 10));
    // Both in one round trip, the same to the bit.
    expect(await ledger.loadBooks('a')).toEqual({ state, open: await ledger.openOrders('a') });
    expect(await ledger.loadBooks('nobody')).toEqual({ state: undefined, open: [] });

    // An update replaces the order; once final it leaves the open list.
    await ledger.commit('a', {
      before: state,
      after: { ...state, cash: 1 },
      orders: [{ before: order('early', 10), after: order('early', 10, { status: 'cancelled', updatedAt: 30 }) }],
    });
    expect((await ledger.openOrders('a')).map((o) => o.clientOrderId)).toEqual(['late']);
    expect((await ledger.findOrder('a', 'early'))?.status).toBe('cancelled');
    expect((await ledger.loadAccount('a'))?.cash).toBe(1);
    expect((await ledger.openOrders('b')).map((o) => o.clientOrderId)).toEqual(['other']);
  });

  it('commits all or nothing', async () => {
    database = await createTestDatabase(backend);
    const ledger = new StoreSandboxLedger(await database.open());
    const account = { cash: 100, positions: {}, matchedThrough: {} };
    await ledger.commit('a', { before: undefined, after: account, orders: created(order('one', 1)) });
    // A placed_at that is not a bigint fails the second row: the account update must not survive.
    const broken = order('two', 1.5);
    await expect(
      ledger.commit('a', {
        before: account,
        after: { cash: 50, positions: {}, matchedThrough: {} },
        orders: [{ before: order('one', 1), after: order('one', 1, { status: 'filled' }) }, ...created(broken)],
      }),
    ).rejects.toThrow();
    expect((await ledger.loadAccount('a'))?.cash).toBe(100);
    expect((await ledger.findOrder('a', 'one'))?.status).toBe('open');
    expect(await ledger.findOrder('a', 'two')).toBeUndefined();
  });

  it('applies changes only to rows still as the exchange read them, and only under a current fence', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const ledger = new StoreSandboxLedger(store);
    const read = { cash: 4042.1, positions: { 'SBX-TREND': 4.417 }, matchedThrough: {} };
    await ledger.commit('a', { before: undefined, after: read, orders: created(order('tp', 1)) });
    // Cash added under the exchange (by hand, in SQL): a commit from the old reading is refused.
    await store.db
      .updateTable('sandbox_accounts')
      .set({ state: JSON.stringify({ ...read, cash: 8242.03 }) })
      .where('account', '=', 'a')
      .execute();
    const stale = { before: read, after: { ...read, cash: 1, positions: {} }, orders: [] };
    await expect(ledger.commit('a', stale)).rejects.toBeInstanceOf(SandboxConflictError);
    expect(await ledger.loadAccount('a')).toEqual({ ...read, cash: 8242.03 });
    // A second account row for a name already taken is refused, not overwritten.
    await expect(ledger.commit('a', { before: undefined, after: read, orders: [] })).rejects.toBeInstanceOf(
      SandboxConflictError,
    );
    // An order removed, or changed, under the exchange: its update is refused and nothing is written.
    const now = { ...read, cash: 8242.03 };
    await store.db.deleteFrom('sandbox_orders').where('client_order_id', '=', 'tp').execute();
    const cancel = { before: order('tp', 1), after: order('tp', 1, { status: 'cancelled' }) };
    await expect(
      ledger.commit('a', { before: now, after: { ...now, cash: 2 }, orders: [cancel] }),
    ).rejects.toBeInstanceOf(SandboxConflictError);
    expect(await ledger.findOrder('a', 'tp')).toBeUndefined();
    expect((await ledger.loadAccount('a'))?.cash).toBe(8242.03);
    // A new order under an id already taken is refused too.
    await ledger.commit('a', { before: now, after: now, orders: created(order('x', 2)) });
    await expect(
      ledger.commit('a', { before: now, after: now, orders: created(order('x', 3)) }),
    ).rejects.toBeInstanceOf(SandboxConflictError);

    // Under a fence: refused once the bot's lease token moved on, with nothing written.
    await registerBots(store, [botDeclaration('a', { exchange: 'sandbox' })]);
    const me = { owner: 'me', pid: process.pid, host: 'test', ttlMs: 60_000 };
    const first = await acquireLease(store, 'a', me);
    if (!first.acquired) throw new Error('no lease');
    await ledger.commit('a', { before: now, after: { ...now, cash: 3 }, orders: [], fence: first.fence });
    const second = await acquireLease(store, 'a', { ...me, owner: 'other' });
    expect(second.acquired).toBe(false);
    await store.db
      .updateTable('bot_runtime')
      .set({ lease_expires_at: new Date(0) })
      .where('bot', '=', 'a')
      .execute();
    const taken = await acquireLease(store, 'a', { ...me, owner: 'other' });
    if (!taken.acquired) throw new Error('no takeover');
    expect(taken.fence.token).toBe(first.fence.token + 1);
    const three = { ...now, cash: 3 };
    await expect(
      ledger.commit('a', {
        before: three,
        after: { ...three, cash: 4 },
        orders: created(order('y', 4)),
        fence: first.fence,
      }),
    ).rejects.toBeInstanceOf(FencedOutError);
    expect((await ledger.loadAccount('a'))?.cash).toBe(3);
    expect(await ledger.findOrder('a', 'y')).toBeUndefined();
  });

  it('creates a clock anchor, keeps it, and re-anchors at the simulated now on a new speed', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const ledger = new StoreSandboxLedger(store);
    const realOrigin = Date.now() - 10_000;
    const created = await ledger.clockAnchor('sbx', { simOrigin: 1_000_000, realOrigin, speed: 60 });
    expect(created).toEqual({ simOrigin: 1_000_000, realOrigin, speed: 60 });
    const kept = await new StoreSandboxLedger(await database.open({ migrated: false })).clockAnchor('sbx', {
      simOrigin: 5,
      realOrigin: 5,
      speed: 60,
    });
    expect(kept).toEqual(created);
    const before = Date.now();
    const moved = await ledger.clockAnchor('sbx', { simOrigin: 5, realOrigin: 5, speed: 1 });
    // About 10 real seconds at 60x had passed: 600 simulated seconds, never back to 5.
    expect(moved.speed).toBe(1);
    expect(moved.realOrigin).toBeGreaterThanOrEqual(before);
    expect(moved.simOrigin).toBeGreaterThanOrEqual(1_000_000 + 599_000);
    expect(moved.simOrigin).toBeLessThan(1_000_000 + 700_000);
    expect(await ledger.clockAnchor('sbx', { simOrigin: 5, realOrigin: 5, speed: 1 })).toEqual(moved);
    // A frozen clock (speed 0), as the sandbox market keeps its start, never moves.
    const frozen = await ledger.clockAnchor('frozen', { simOrigin: 42, realOrigin: 1, speed: 0 });
    expect(await ledger.clockAnchor('frozen', { simOrigin: 99, realOrigin: 2, speed: 0 })).toEqual(frozen);
  });

  it('keeps the replayed runner, restarted every 37 bars, on exactly the backtest trades', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const candles = generateSandboxCandles({ symbol: 'SBX-VOLATILE', timeframe: '1h', bars: 240, seed: 3 });
    const { backtest, replay } = await scriptParity({
      store,
      candles,
      symbol: 'SBX-VOLATILE',
      costs: { feeBps: 10, slippageBps: 5 },
      risk: { stopLoss: 0.01, takeProfit: 0.012, positionSize: 1 },
      ledger: new StoreSandboxLedger(store),
      restartEvery: 37,
    });
    expect(replay.trades.map((t) => [t.entryTime, t.entryPrice, t.quantity, t.exitTime, t.exitPrice])).toEqual(
      backtest.trades.map((t) => [t.entryTime, t.entryPrice, t.quantity, t.exitTime, t.exitPrice]),
    );
    expect(backtest.trades.length).toBeGreaterThanOrEqual(8);
    expect(replay.cash).toBe(backtest.cash?.[backtest.bars - 1]);
  });
});
