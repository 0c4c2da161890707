import { afterEach, describe, expect, it } from 'vitest';
import { FencedOutError, SandboxConflictError } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { acquireLease, registerBots, StoreSandboxLedger } from '../../../src/store/index.js';
import { created, sandboxOrder } from '../../../src/testing/sandbox-ledger-conformance.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { scriptParity } from '../../helpers/script-parity.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const order = sandboxOrder;

// The SandboxLedger contract (round trips, open orders, all-or-nothing guarded commits, clock
// anchors) is checked on both backends by test/conformance/sandbox-ledger.test.ts; these are the
// database's own: changes made in SQL under the exchange, and fences.
describe.each(BACKENDS)('StoreSandboxLedger on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('sees changes made in SQL under the exchange, and commits only under a current fence', async () => {
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
    // An order removed under the exchange (in SQL): its update is refused and nothing is written.
    const now = { ...read, cash: 8242.03 };
    await store.db.deleteFrom('sandbox_orders').where('client_order_id', '=', 'tp').execute();
    const cancel = { before: order('tp', 1), after: order('tp', 1, { status: 'cancelled' }) };
    await expect(
      ledger.commit('a', { before: now, after: { ...now, cash: 2 }, orders: [cancel] }),
    ).rejects.toBeInstanceOf(SandboxConflictError);
    expect(await ledger.findOrder('a', 'tp')).toBeUndefined();
    expect((await ledger.loadAccount('a'))?.cash).toBe(8242.03);

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

  it('keeps a replayed runner, restarted every 37 bars, on exactly the backtest trades', async () => {
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
