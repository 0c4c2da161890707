import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/index.js';
import type { SandboxOrder } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { StoreSandboxLedger } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { busyScript, runScriptedReplay } from '../../helpers/replay-runner.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

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
    await ledger.commit('a', state, [order('late', 20), order('early', 10), filled]);
    await ledger.commit('b', { cash: 1, positions: {}, matchedThrough: {} }, [order('other', 1)]);
    expect(await ledger.loadAccount('a')).toEqual(state);
    expect(await ledger.findOrder('a', 'f')).toEqual(JSON.parse(JSON.stringify(filled)));
    expect((await ledger.findOrder('a', 'f'))?.fee).toBe(1.7976931348623157e308);
    expect((await ledger.openOrders('a')).map((o) => o.clientOrderId)).toEqual(['early', 'late']);
    expect((await ledger.openOrders('a'))[0]).toEqual(order('early', 10));

    // An update replaces the order; once final it leaves the open list.
    await ledger.commit('a', { ...state, cash: 1 }, [order('early', 10, { status: 'cancelled', updatedAt: 30 })]);
    expect((await ledger.openOrders('a')).map((o) => o.clientOrderId)).toEqual(['late']);
    expect((await ledger.findOrder('a', 'early'))?.status).toBe('cancelled');
    expect((await ledger.loadAccount('a'))?.cash).toBe(1);
    expect((await ledger.openOrders('b')).map((o) => o.clientOrderId)).toEqual(['other']);
  });

  it('commits all or nothing', async () => {
    database = await createTestDatabase(backend);
    const ledger = new StoreSandboxLedger(await database.open());
    await ledger.commit('a', { cash: 100, positions: {}, matchedThrough: {} }, [order('one', 1)]);
    // A placed_at that is not a bigint fails the second row: the account update must not survive.
    const broken = order('two', 1.5);
    await expect(
      ledger.commit('a', { cash: 50, positions: {}, matchedThrough: {} }, [
        order('one', 1, { status: 'filled' }),
        broken,
      ]),
    ).rejects.toThrow();
    expect((await ledger.loadAccount('a'))?.cash).toBe(100);
    expect((await ledger.findOrder('a', 'one'))?.status).toBe('open');
    expect(await ledger.findOrder('a', 'two')).toBeUndefined();
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

  it('keeps a replayed runner, restarted every 37 bars, on exactly the backtest trades', async () => {
    database = await createTestDatabase(backend);
    const ledger = new StoreSandboxLedger(await database.open());
    const candles = generateSandboxCandles({ symbol: 'SBX-VOLATILE', timeframe: '1h', bars: 240, seed: 3 });
    const script = busyScript(240);
    const risk = { stopLoss: 0.01, takeProfit: 0.012, positionSize: 1 };
    const costs = { feeBps: 10, slippageBps: 5 };
    const backtest = runBacktest(scriptedStrategy(script, risk), candles, { timeframe: '1h', costs, ledger: true });
    const replay = await runScriptedReplay({
      candles,
      symbol: 'SBX-VOLATILE',
      timeframe: '1h',
      costs,
      script,
      risk,
      ledger,
      initialCash: 10_000,
      restartEvery: 37,
    });
    expect(replay.trades.map((t) => [t.entryTime, t.entryPrice, t.quantity, t.exitTime, t.exitPrice])).toEqual(
      backtest.trades.map((t) => [t.entryTime, t.entryPrice, t.quantity, t.exitTime, t.exitPrice]),
    );
    expect(backtest.trades.length).toBeGreaterThanOrEqual(8);
    expect(replay.cash).toBe(backtest.cash?.[239]);
  });
});
