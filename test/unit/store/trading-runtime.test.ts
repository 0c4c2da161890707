import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FencedOutError, UsageError } from '../../../src/core/index.js';
import {
  acquireLease,
  applyFill,
  eventsOf,
  findOrder,
  getBot,
  heartbeat,
  insertOrder,
  markCancelRequested,
  markOrder,
  markSending,
  readFlags,
  readPosition,
  readRuntime,
  recordEquity,
  recordEvent,
  registerBots,
  releaseLease,
  type Store,
  setDayStart,
  setFlags,
  setHeldEntry,
  updateOrderFromReport,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const HOUR = 3_600_000;
const me = (owner: string, overrides: { pid?: number; host?: string; ttlMs?: number } = {}) => ({
  owner,
  pid: process.pid,
  host: hostname(),
  ttlMs: HOUR,
  ...overrides,
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

describe.each(BACKENDS)('bot runtime and leases on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await registerBots(
      store,
      ['leased', 'expiring', 'orphan', 'fenced', 'race-0', 'race-1', 'race-2', 'race-3', 'race-4', 'daily'].map(
        (name) => botDeclaration(name, { capital: 500 }),
      ),
    );
  });
  afterAll(() => database?.cleanup());

  it('gives the lease to one owner at a time, and back to the same owner', async () => {
    expect(await readRuntime(store, 'leased')).toEqual({
      bot: 'leased',
      cash: 500,
      lastBarTime: null,
      status: 'stopped',
      leaseOwner: null,
      leaseHost: null,
      leasePid: null,
      leaseExpiresAt: null,
      heartbeatAt: null,
      startedAt: null,
      day: null,
      dayStartEquity: null,
      fence: 0,
      heldEntry: null,
    });
    expect(await acquireLease(store, 'leased', me('runner-a'))).toMatchObject({ acquired: true });
    const held = await readRuntime(store, 'leased');
    expect(held).toMatchObject({ leaseOwner: 'runner-a', leasePid: process.pid, status: 'running' });
    expect(held?.startedAt).toBeInstanceOf(Date);
    expect(held?.heartbeatAt).toBeInstanceOf(Date);
    expect(held!.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + HOUR / 2);
    expect((await getBot(store, 'leased'))?.status).toBe('running');

    const refused = await acquireLease(store, 'leased', me('runner-b'));
    expect(refused).toEqual({
      acquired: false,
      holder: { owner: 'runner-a', host: hostname(), pid: process.pid, expiresAt: held?.leaseExpiresAt },
    });
    expect(await acquireLease(store, 'leased', me('runner-a', { pid: 4242 }))).toMatchObject({ acquired: true });
    expect((await readRuntime(store, 'leased'))?.leasePid).toBe(4242);

    // Only the holder renews or releases.
    expect(await heartbeat(store, 'leased', 'runner-b', { ttlMs: HOUR })).toBe(false);
    await releaseLease(store, 'leased', 'runner-b');
    expect((await readRuntime(store, 'leased'))?.leaseOwner).toBe('runner-a');
    await releaseLease(store, 'leased', 'runner-a');
    expect(await readRuntime(store, 'leased')).toMatchObject({ leaseOwner: null, status: 'stopped' });
    expect((await getBot(store, 'leased'))?.status).toBe('stopped');
    expect(await acquireLease(store, 'leased', me('runner-b'))).toMatchObject({ acquired: true });
    await releaseLease(store, 'leased', 'runner-b', 'crashed');
    expect((await getBot(store, 'leased'))?.status).toBe('crashed');

    await expect(acquireLease(store, 'nobody', me('runner-a'))).rejects.toBeInstanceOf(UsageError);
  });

  it('takes an expired lease, after which the old owner heartbeats false', async () => {
    expect(await acquireLease(store, 'expiring', me('old', { ttlMs: 1 }))).toMatchObject({ acquired: true });
    await sleep(20);
    expect(await acquireLease(store, 'expiring', me('new'))).toMatchObject({ acquired: true });
    expect(await heartbeat(store, 'expiring', 'old', { ttlMs: HOUR, lastBarTime: 1 })).toBe(false);
    const before = await readRuntime(store, 'expiring');
    expect(
      await heartbeat(store, 'expiring', 'new', { ttlMs: 2 * HOUR, status: 'waiting', lastBarTime: 1_700_000_000_000 }),
    ).toBe(true);
    const after = await readRuntime(store, 'expiring');
    expect(after).toMatchObject({ leaseOwner: 'new', status: 'waiting', lastBarTime: 1_700_000_000_000 });
    expect(after!.leaseExpiresAt!.getTime()).toBeGreaterThan(before!.leaseExpiresAt!.getTime());
    expect(after!.heartbeatAt!.getTime()).toBeGreaterThanOrEqual(before!.heartbeatAt!.getTime());
    expect((await getBot(store, 'expiring'))?.status).toBe('waiting');
    // Without a status or bar time, both stay.
    expect(await heartbeat(store, 'expiring', 'new', { ttlMs: HOUR })).toBe(true);
    expect(await readRuntime(store, 'expiring')).toMatchObject({ status: 'waiting', lastBarTime: 1_700_000_000_000 });
  });

  it('takes over a lease whose holder on this host has died, not one held elsewhere', async () => {
    const gone = await deadPid();
    expect(await acquireLease(store, 'orphan', me('ghost', { pid: gone }))).toMatchObject({ acquired: true });
    expect(await acquireLease(store, 'orphan', me('heir'))).toMatchObject({ acquired: true });
    expect((await readRuntime(store, 'orphan'))?.leaseOwner).toBe('heir');
    await releaseLease(store, 'orphan', 'heir');
    // The same dead pid on another machine says nothing: that lease stands.
    expect(await acquireLease(store, 'orphan', me('far', { pid: gone, host: 'elsewhere.invalid' }))).toMatchObject({
      acquired: true,
    });
    expect(await acquireLease(store, 'orphan', me('heir'))).toMatchObject({
      acquired: false,
      holder: { owner: 'far', host: 'elsewhere.invalid', pid: gone },
    });
  });

  it('raises the fencing token on every take, and refuses every write under an older one, writing nothing', async () => {
    const first = await acquireLease(store, 'fenced', me('a', { ttlMs: 1 }));
    if (!first.acquired) throw new Error('no lease');
    expect(first.previous).toBeUndefined();
    const old = first.fence;
    expect((await readRuntime(store, 'fenced'))?.fence).toBe(old.token);
    // Under the current token every write goes through.
    const order = await insertOrder(
      store,
      {
        bot: 'fenced',
        clientOrderId: 'fenced-1',
        symbol: 'SBX-TREND',
        side: 'buy',
        type: 'limit',
        quantity: 1,
        price: 100,
        reduceOnly: false,
        role: 'entry',
        barTime: 0,
        mode: 'paper',
      },
      old,
    );
    await markSending(store, 'fenced-1', old);
    expect((await findOrder(store, 'fenced-1'))?.sentAt).toBeInstanceOf(Date);
    await sleep(20);
    const second = await acquireLease(store, 'fenced', me('b'));
    if (!second.acquired) throw new Error('no takeover');
    expect(second.fence.token).toBe(old.token + 1);
    expect(second.previous).toMatchObject({ owner: 'a', pid: process.pid });

    const runtimeBefore = await readRuntime(store, 'fenced');
    const eventsBefore = await eventsOf(store, { bot: 'fenced' });
    const report = {
      ...order,
      status: 'filled' as const,
      filledQuantity: 1,
      averagePrice: 100,
      fee: 0.1,
      fills: [],
      updatedAt: 1,
    };
    const fill = { id: 'f1', quantity: 1, price: 100, fee: 0.1, time: 1 };
    const event = { bot: 'fenced', level: 'info' as const, kind: 'x', message: 'x' };
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['event', () => recordEvent(store, event, old)],
      [
        'equity',
        () =>
          recordEquity(store, { bot: 'fenced', time: new Date(5), cash: 1, equity: 1, position: 0, price: null }, old),
      ],
      [
        'fill',
        () =>
          applyFill(
            store,
            {
              bot: 'fenced',
              orderId: order.id,
              symbol: 'SBX-TREND',
              fill,
              position: { quantity: 1, avgPrice: 100 },
              cash: 1,
            },
            event,
            old,
          ),
      ],
      ['order', () => insertOrder(store, { ...order, clientOrderId: 'fenced-2' }, old)],
      ['report', () => updateOrderFromReport(store, 'fenced-1', report, event, old)],
      ['mark', () => markOrder(store, 'fenced-1', 'cancelled', 'why', event, old)],
      ['sending', () => markSending(store, 'fenced-1', old)],
      ['cancel', () => markCancelRequested(store, 'fenced-1', old)],
      ['halt', () => setFlags(store, 'fenced', { halted: true, haltedReason: 'mine' }, { actor: 'runner' }, old)],
      ['day', () => setDayStart(store, 'fenced', '2026-01-02', 1, old)],
    ];
    for (const [what, write] of writes) await expect(write(), what).rejects.toBeInstanceOf(FencedOutError);
    expect(await heartbeat(store, 'fenced', 'a', { ttlMs: HOUR, status: 'x', lastBarTime: 9, fence: old })).toBe(false);
    // Even a runner using the same owner name cannot write under the old token.
    expect(await heartbeat(store, 'fenced', 'b', { ttlMs: HOUR, lastBarTime: 9, fence: old })).toBe(false);
    await releaseLease(store, 'fenced', 'b', 'stopped', old);

    expect(await readRuntime(store, 'fenced')).toEqual(runtimeBefore);
    expect(await eventsOf(store, { bot: 'fenced' })).toEqual(eventsBefore);
    expect(await findOrder(store, 'fenced-1')).toMatchObject({ status: 'new', cancelRequested: false });
    expect(await findOrder(store, 'fenced-2')).toBeUndefined();
    expect(await readPosition(store, 'fenced', 'SBX-TREND')).toEqual({ quantity: 0, avgPrice: 0 });
    expect((await readFlags(store, 'fenced')).halted).toBe(false);
    const equity = await store.db.selectFrom('equity').select('bot').where('bot', '=', 'fenced').execute();
    expect(equity).toEqual([]);
    // The new holder writes.
    await markCancelRequested(store, 'fenced-1', second.fence);
    expect((await findOrder(store, 'fenced-1'))?.cancelRequested).toBe(true);
  });

  it('lets exactly one of two connections win a race for the lease', async () => {
    const other = await database.open({ migrated: false });
    for (let i = 0; i < 5; i++) {
      const bot = `race-${i}`;
      const results = await Promise.all([acquireLease(store, bot, me('left')), acquireLease(other, bot, me('right'))]);
      expect(results.filter((result) => result.acquired)).toHaveLength(1);
      const loser = results.find((result) => !result.acquired);
      const winner = (await readRuntime(store, bot))?.leaseOwner;
      expect(loser).toMatchObject({ holder: { owner: winner } });
    }
  });

  it('records the equity a day started with', async () => {
    await setDayStart(store, 'daily', '2024-03-01', 10_000.5);
    expect(await readRuntime(store, 'daily')).toMatchObject({ day: '2024-03-01', dayStartEquity: 10_000.5 });
    await setDayStart(store, 'daily', '2024-03-02', 9_876.54321);
    expect(await readRuntime(store, 'daily')).toMatchObject({ day: '2024-03-02', dayStartEquity: 9_876.54321 });
    await expect(setDayStart(store, 'nobody', '2024-03-02', 1)).rejects.toBeInstanceOf(UsageError);
    expect(await readRuntime(store, 'nobody')).toBeUndefined();
  });

  it("holds a reversal's entry until it is let go, and only under the current lease", async () => {
    const held = { barTime: Date.UTC(2024, 2, 1, 20), to: -1, size: 0.5 };
    await setHeldEntry(store, 'daily', held);
    expect((await readRuntime(store, 'daily'))?.heldEntry).toEqual(held);
    // A runner whose lease was taken over writes nothing.
    const stale = { bot: 'daily', token: 12_345 };
    await expect(setHeldEntry(store, 'daily', null, stale)).rejects.toBeInstanceOf(FencedOutError);
    expect((await readRuntime(store, 'daily'))?.heldEntry).toEqual(held);
    await setHeldEntry(store, 'daily', null);
    expect((await readRuntime(store, 'daily'))?.heldEntry).toBeNull();
    await expect(setHeldEntry(store, 'nobody', held)).rejects.toBeInstanceOf(UsageError);
  });
});
