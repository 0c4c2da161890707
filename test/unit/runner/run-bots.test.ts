import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createReplayExchange, ManualClock, MemorySandboxLedger } from '../../../src/broker/index.js';
import type { BarFeed, Candles } from '../../../src/core/index.js';
import type { RiskLimits } from '../../../src/risk/index.js';
import { type BotRunner, type RunnerNotice, runBots } from '../../../src/runner/index.js';
import {
  acquireLease,
  eventsOf,
  ordersOf,
  readFlags,
  readRuntime,
  releaseLease,
  type Store,
  setFlags,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import {
  OPEN_LIMITS,
  pathCandles,
  RIG_COSTS,
  RIG_SYMBOL,
  RIG_TF_MS,
  RIG_TIMEFRAME,
  registerRigBot,
  rigRunner,
} from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

/** Bars before the first traded one. */
const START = 5;

/** A registered bot trading `candles` on its own replay exchange, on the clock the bots share. */
async function replayRunner(
  store: Store,
  clock: ManualClock,
  name: string,
  candles: Candles,
  options: { script: Record<number, 'buy' | 'sell'>; limits?: RiskLimits; feed?: (inner: BarFeed) => BarFeed },
): Promise<BotRunner> {
  const bot = await registerRigBot(store, name);
  const exchange = createReplayExchange({
    account: name,
    ledger: new MemorySandboxLedger(),
    clock,
    timeframe: RIG_TIMEFRAME,
    costs: RIG_COSTS,
    initialCash: 10_000,
    candles: { [RIG_SYMBOL]: candles },
  });
  return rigRunner(store, bot, {
    clock,
    broker: exchange,
    feed: options.feed?.(exchange) ?? exchange,
    strategy: scriptedStrategy(options.script),
    limits: options.limits,
    start: START,
  });
}

describe.each(BACKENDS)('runBots on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('runs bots on one clock; one that halts gives its lease back and the other trades on', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    // The falling bot buys at bar 6 and loses more than its 1% daily limit within a few bars.
    const falling = pathCandles([100, 100, 100, 100, 100, 100, 100, 99, 97, 95, 93, 91, 90, 90, 90, 90]);
    const steady = pathCandles([50, 50, 50, 50, 50, 50, 50, 51, 52, 53, 52, 51, 52, 53, 54, 55]);
    const clock = new ManualClock(falling.time[START - 1] + RIG_TF_MS);
    const runners = [
      { name: 'faller', candles: falling, limits: { ...OPEN_LIMITS, dailyLossLimit: 0.01 }, script: { 6: 'buy' } },
      { name: 'steady', candles: steady, limits: OPEN_LIMITS, script: { 6: 'buy', 11: 'sell' } },
    ].map(({ name, candles, limits, script }) =>
      replayRunner(store, clock, name, candles, { script: script as Record<number, 'buy' | 'sell'>, limits }),
    );
    const notices: RunnerNotice[] = [];
    const last = falling.length - 2;
    const outcomes = await runBots({
      store,
      runners: await Promise.all(runners),
      clock,
      until: falling.time[last] + RIG_TF_MS,
      onNotice: (notice) => notices.push(notice),
    });

    expect(outcomes).toEqual([
      { bot: 'faller', state: 'halted', reason: expect.stringContaining('daily loss breaker') },
      { bot: 'steady', state: 'stopped' },
    ]);
    const faller = await readRuntime(store, 'faller');
    expect(faller).toMatchObject({ status: 'halted', leaseOwner: null });
    expect((await readFlags(store, 'faller')).halted).toBe(true);
    const steadyRuntime = await readRuntime(store, 'steady');
    expect(steadyRuntime).toMatchObject({ status: 'stopped', leaseOwner: null, lastBarTime: steady.time[last] });
    const kinds = (await eventsOf(store, { bot: 'steady' })).map((e) => e.kind);
    expect(kinds).toEqual(['started', 'fill', 'order_filled', 'fill', 'order_filled', 'stopped']);
    expect(notices.filter((n) => n.level === 'error').map((n) => n.bot)).toEqual(['faller']);
    // Each order and fill was told as it happened, as the event the log holds.
    const told = notices.filter((n) => n.bot === 'steady' && n.activity !== undefined);
    expect(told.map((n) => n.activity?.kind)).toEqual(['fill', 'order_filled', 'fill', 'order_filled']);
    expect(told.map((n) => n.activity?.data)).toEqual(
      (await eventsOf(store, { bot: 'steady', kinds: ['fill', 'order_filled'] })).map((e) => e.data),
    );
    await store.close();
  }, 60_000);

  it('a halted bot that is resumed while the others run starts again; a boot that fails for a passing reason is retried', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const candles = pathCandles([50, 50, 50, 50, 50, 50, 50, 51, 52, 53, 52, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    const clock = new ManualClock(candles.time[START - 1] + RIG_TF_MS);
    const runner = (name: string, script: Record<number, 'buy' | 'sell'>, feed?: (inner: BarFeed) => BarFeed) =>
      replayRunner(store, clock, name, candles, { script, feed });
    // 'held' is halted before the run; a person resumes it once the run has told them so.
    const held = await runner('held', { 12: 'buy' });
    await setFlags(store, 'held', { halted: true, haltedReason: 'looked wrong' }, { actor: 'test' });
    // 'flaky' cannot reach its market the first two times it boots (a plain network error).
    let outages = 2;
    const flaky = await runner('flaky', { 8: 'buy' }, (inner) => ({
      closedBars: (...args) => (outages-- > 0 ? Promise.reject(new Error('ECONNRESET')) : inner.closedBars(...args)),
    }));
    const steady = await runner('steady', {});
    const notices: RunnerNotice[] = [];
    const last = candles.length - 2;
    const outcomes = await runBots({
      store,
      runners: [held, flaky, steady],
      clock,
      until: candles.time[last] + RIG_TF_MS,
      retryMs: 5,
      resumeCheckMs: 0,
      onNotice: (notice) => {
        notices.push(notice);
        if (notice.bot === 'held' && notice.level === 'error') {
          void setFlags(store, 'held', { halted: false }, { actor: 'test' });
        }
      },
    });

    expect(outcomes.map((o) => [o.bot, o.state])).toEqual([
      ['held', 'stopped'],
      ['flaky', 'stopped'],
      ['steady', 'stopped'],
    ]);
    // Each traded once it was running: held after its resume, flaky after its retries.
    for (const bot of ['held', 'flaky']) {
      const orders = await ordersOf(store, bot);
      expect(orders.map((o) => [o.role, o.status])).toEqual([['entry', 'filled']]);
      expect(await readRuntime(store, bot)).toMatchObject({ status: 'stopped', leaseOwner: null });
    }
    expect(notices.filter((n) => n.bot === 'held' && n.activity === undefined).map((n) => n.message)).toEqual([
      expect.stringContaining('looked wrong'),
      'resumed: starting again',
      'started',
    ]);
    const flakyNotices = notices.filter((n) => n.bot === 'flaky').map((n) => n.message);
    expect(flakyNotices.filter((m) => m.startsWith('boot failed (ECONNRESET)'))).toHaveLength(2);
    expect(flakyNotices).toContain('started');
    const kinds = (await eventsOf(store, { bot: 'flaky' })).map((e) => e.kind);
    expect(kinds).toEqual(['tick_failed', 'started', 'recovered', 'fill', 'order_filled', 'stopped']);
    await store.close();
  }, 60_000);

  it('waiting for a lease another runner holds, it stops at once when asked, without failing the bot', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const candles = pathCandles([50, 50, 50, 50, 50, 50, 50, 51, 52]);
    const clock = new ManualClock(candles.time[START - 1] + RIG_TF_MS);
    const runner = await replayRunner(store, clock, 'wanted', candles, { script: {} });
    const other = { owner: 'other-runner', pid: process.pid, host: hostname(), ttlMs: 600_000 };
    expect(await acquireLease(store, 'wanted', other)).toMatchObject({ acquired: true });

    const stop = new AbortController();
    const notices: RunnerNotice[] = [];
    const outcomes = await runBots({
      store,
      runners: [runner],
      clock,
      signal: stop.signal,
      waitForLease: true,
      // Far longer than the test may take: only the stop can end the wait.
      retryMs: 600_000,
      onNotice: (notice) => {
        notices.push(notice);
        if (notice.message.endsWith('; waiting')) stop.abort();
      },
    });
    expect(outcomes).toEqual([{ bot: 'wanted', state: 'stopped' }]);
    expect(notices.map((notice) => notice.level)).toEqual(['warn']);
    expect((await readRuntime(store, 'wanted'))?.leaseOwner).toBe('other-runner');
    await store.close();
  }, 30_000);

  it('waiting for one lease holds up none of the other bots, and takes the bot once the lease is free', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const candles = pathCandles([50, 50, 50, 50, 50, 50, 50, 51, 52]);
    const clock = new ManualClock(candles.time[START - 1] + RIG_TF_MS);
    const held = await replayRunner(store, clock, 'held', candles, { script: {} });
    const free = await replayRunner(store, clock, 'free', candles, { script: {} });
    const other = { owner: 'standby-of', pid: process.pid, host: hostname(), ttlMs: 600_000 };
    expect(await acquireLease(store, 'held', other)).toMatchObject({ acquired: true });

    const stop = new AbortController();
    const notices: string[] = [];
    const outcomes = await runBots({
      store,
      runners: [held, free],
      clock,
      signal: stop.signal,
      waitForLease: true,
      retryMs: 20,
      onNotice: (notice) => {
        if (notice.activity !== undefined) return;
        notices.push(`${notice.bot}: ${notice.message}`);
        // The other runner goes away once this process runs the bot it could take.
        if (notice.bot === 'free' && notice.message === 'started') void releaseLease(store, 'held', other.owner);
        if (notice.bot === 'held' && notice.message === 'started') stop.abort();
      },
    });
    expect(notices).toEqual([expect.stringMatching(/^held: .*; waiting$/), 'free: started', 'held: started']);
    expect(outcomes).toEqual([
      { bot: 'held', state: 'stopped' },
      { bot: 'free', state: 'stopped' },
    ]);
    await store.close();
  }, 30_000);
});
