import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCosts } from '../../src/backtest/index.js';
import { createSandboxExchange, ManualClock } from '../../src/broker/index.js';
import { type Timeframe, timeframeMs } from '../../src/core/index.js';
import { BotRunner, botRiskLimits } from '../../src/runner/index.js';
import { loadSpec } from '../../src/spec/index.js';
import {
  eventsOf,
  getBot,
  migrate,
  openStore,
  readRuntime,
  type Store,
  StoreSandboxLedger,
} from '../../src/store/index.js';
import { compileStrategy } from '../../src/strategy/index.js';
import { botSnapshot } from '../helpers/bot-snapshot.js';
import { type RunningFleet, spawnFleet } from '../helpers/cli.js';
import { BACKENDS, type BackendName, createTestDatabase, embeddedTemplate, SERVER_URL } from '../helpers/databases.js';
import { fastCrossBot, fastCrossSpec as fastSpec } from '../helpers/fleet-project.js';
import { tcpRelay } from '../helpers/tcp-relay.js';

/**
 * The built CLI's runner as real processes: one runner per bot (the lease), a clean SIGTERM, and
 * the promise of principle 4 (killed at any instruction, it restarts without a duplicate or lost
 * order) checked against the sandbox exchange's own books in the same database.
 */

const BOT = 'crashy';
const SYMBOL = 'SBX-WALK';
const SPEED = '600';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

interface Project {
  readonly dir: string;
  readonly env: Record<string, string>;
  /** The test's own store: on embedded it is the owner, so the runners are only clients. */
  readonly store: Store;
  readonly backend: BackendName;
  readonly serverUrl?: string;
}

async function makeProject(backend: BackendName): Promise<Project> {
  const dir = mkdtempSync(join(tmpdir(), `fleet-runner-${backend}-`));
  mkdirSync(join(dir, 'strategies'));
  writeFileSync(join(dir, 'strategies', 'fast-cross.json'), JSON.stringify(fastSpec(), null, 2));
  const config = {
    name: 'runner-e2e',
    bots: [fastCrossBot(BOT, SYMBOL)],
  };
  writeFileSync(join(dir, 'fleet.config.json'), JSON.stringify(config, null, 2));
  let store: Store;
  let env: Record<string, string> = {};
  let serverUrl: string | undefined;
  if (backend === 'embedded') {
    mkdirSync(join(dir, '.fleet', 'db'), { recursive: true });
    cpSync(await embeddedTemplate(), join(dir, '.fleet', 'db', 'pgdata'), { recursive: true });
    store = await openStore({ url: undefined, dir: join(dir, '.fleet') });
    await migrate(store);
    cleanups.push(() => store.close());
  } else {
    const database = await createTestDatabase('server');
    cleanups.push(() => database.cleanup());
    store = await database.open();
    serverUrl = database.url as string;
    env = { DATABASE_URL: serverUrl };
  }
  if (backend === 'embedded') expect(store.role).toBe('owner');
  return { dir, env, store, backend, serverUrl };
}

function startRunner(project: Project, extra: string[] = [], env: Record<string, string> = project.env): RunningFleet {
  const childEnv: Record<string, string | undefined> = { ...process.env, CI: 'true', NO_COLOR: '1', ...env };
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
  return spawnFleet(['run', BOT, '--paper', '--speed', SPEED, ...extra], { cwd: project.dir, env: childEnv });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Whether the process is stopped (SIGSTOP): state T in /proc/<pid>/stat. */
function stopped(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
  } catch {
    return false;
  }
}

/** The runner with this pid holds the lease. */
const holding = (store: Store, pid: number | undefined) => async () => {
  const runtime = await readRuntime(store, BOT);
  return runtime?.leasePid === pid && runtime?.status === 'running';
};

async function fillCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('fills')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('bot', '=', BOT)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Seeded, so a failing sequence of kills can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const close = (a: number, b: number, relative: number) =>
  Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Checks the bot's ledger against the sandbox exchange's books, after letting a fresh runner boot
 * once on a clock frozen where the exchange last matched, so fills the exchange made during the
 * last runner's final calls are caught up with and nothing new can happen meanwhile. Its boot
 * reconciles: a mismatch there halts and fails the test.
 */
async function expectLedgerMatchesExchange(store: Store, minFills: number): Promise<void> {
  const runtime = await readRuntime(store, BOT);
  expect(runtime?.leaseOwner).toBeNull();
  const lastBar = runtime?.lastBarTime as number;
  expect(lastBar).toBeGreaterThan(0);

  // No order persisted for a bar already done and then left unsent or unresolved.
  const stuck = await store.db
    .selectFrom('orders')
    .select(['client_order_id', 'bar_time'])
    .where('bot', '=', BOT)
    .where('status', '=', 'new')
    .where('bar_time', '<', lastBar)
    .execute();
  expect(stuck).toEqual([]);

  // Catch up once, on a frozen clock.
  const bot = await getBot(store, BOT);
  if (bot === undefined) throw new Error('bot vanished');
  const checked = loadSpec(bot.spec);
  const tf = timeframeMs(bot.timeframe as Timeframe);
  const ledger = new StoreSandboxLedger(store);
  const account = await ledger.loadAccount(BOT);
  const open = await ledger.openOrders(BOT);
  const matched = account?.matchedThrough[SYMBOL];
  const frozen = Math.max(
    lastBar + tf,
    matched === undefined ? 0 : matched + tf,
    ...open.map((order) => order.placedAt),
  );
  const clock = new ManualClock(frozen);
  const costs = resolveCosts(checked);
  const exchange = createSandboxExchange({
    account: BOT,
    ledger,
    clock,
    timeframe: bot.timeframe as Timeframe,
    costs,
    initialCash: bot.capital,
    seed: bot.config.seed as number,
    symbols: [SYMBOL],
  });
  const runner = new BotRunner({
    store,
    bot,
    strategy: compileStrategy(checked, { params: bot.params }),
    broker: exchange,
    feed: exchange,
    clock,
    costs,
    limits: botRiskLimits(bot, checked),
    owner: 'checker',
    leaseTtlMs: 30_000,
    ownAccount: true,
    quote: 'USDT',
  });
  await runner.boot();
  await runner.stop();

  const state = (await ledger.loadAccount(BOT)) as NonNullable<typeof account>;
  const position = await store.db
    .selectFrom('positions')
    .select('quantity')
    .where('bot', '=', BOT)
    .where('symbol', '=', SYMBOL)
    .executeTakeFirst();
  const ledgerPosition = Number(position?.quantity ?? 0);
  const exchangePosition = state.positions[SYMBOL] ?? 0;
  expect(close(ledgerPosition, exchangePosition, 1e-9), `position ${ledgerPosition} vs ${exchangePosition}`).toBe(true);
  const cash = (await readRuntime(store, BOT))?.cash as number;
  expect(close(cash, state.cash, 1e-6), `cash ${cash} vs ${state.cash}`).toBe(true);

  // Every order the exchange has is the bot's, exactly once, with exactly its fills.
  const exchangeOrders = await store.db
    .selectFrom('sandbox_orders')
    .select(['client_order_id', 'data'])
    .where('account', '=', BOT)
    .execute();
  const ledgerOrders = await store.db
    .selectFrom('orders')
    .leftJoin('fills', 'fills.order_id', 'orders.id')
    .select([
      'orders.client_order_id',
      'orders.status',
      sql<string>`count(fills.id)`.as('fills'),
      sql<string | null>`sum(fills.quantity)`.as('filled'),
    ])
    .where('orders.bot', '=', BOT)
    .groupBy(['orders.client_order_id', 'orders.status'])
    .execute();
  const byId = new Map<string, (typeof ledgerOrders)[number][]>();
  for (const row of ledgerOrders) byId.set(row.client_order_id, [...(byId.get(row.client_order_id) ?? []), row]);
  for (const order of exchangeOrders) {
    const data = order.data as { filledQuantity: number; fills: unknown[]; status: string };
    const rows = byId.get(order.client_order_id) ?? [];
    expect(rows.length, `exchange order ${order.client_order_id} in the ledger`).toBe(1);
    const [row] = rows;
    const filled = Number(row.filled ?? 0);
    expect(
      close(filled, data.filledQuantity, 1e-9),
      `${order.client_order_id}: ${filled} vs ${data.filledQuantity}`,
    ).toBe(true);
    expect(Number(row.fills), `${order.client_order_id} fills`).toBe(data.fills.length);
  }
  // And no fill in the ledger for an order the exchange never had.
  const exchangeIds = new Set(exchangeOrders.map((order) => order.client_order_id));
  for (const row of ledgerOrders) {
    if (Number(row.fills) > 0) expect(exchangeIds.has(row.client_order_id), row.client_order_id).toBe(true);
  }
  expect(await fillCount(store)).toBeGreaterThanOrEqual(minFills);
  expect(exchangeOrders.length).toBeGreaterThanOrEqual(minFills);
}

describe.each(BACKENDS)('fleet run as a process on %s', (backend) => {
  it('one runner per bot: a second one is refused, or with --wait takes over when the first stops', async () => {
    const project = await makeProject(backend);
    const first = startRunner(project);
    await waitFor('the first runner to hold the lease', holding(project.store, first.child.pid));

    const refused = startRunner(project);
    const second = await refused.exited;
    expect(second.code, JSON.stringify(second)).toBe(1);
    const errors = second.stderr.split('\n').filter((line) => line.includes('already being run'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`pid ${first.child.pid}`);
    expect(second.stdout.trim()).toBe(`${BOT}: failed`);
    expect(second.stderr).toContain(`could not run: ${BOT}`);
    // The refused runner did not disturb the first.
    expect(await holding(project.store, first.child.pid)()).toBe(true);

    const waiting = startRunner(project, ['--wait']);
    await waitFor('the waiting runner to say it waits', async () => waiting.stderr().includes('waiting'));
    expect(await holding(project.store, first.child.pid)()).toBe(true);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    await waitFor('the waiting runner to take over', holding(project.store, waiting.child.pid));
    waiting.child.kill('SIGTERM');
    const last = await waiting.exited;
    expect(last.code).toBe(0);
    // Its orders and fills were printed as they happened; the outcome comes last.
    expect(last.stdout.trim().split('\n').at(-1)).toBe(`${BOT}: stopped`);
  }, 90_000);

  it('SIGTERM finishes the tick, exits 0 and releases the lease', async () => {
    const project = await makeProject(backend);
    const runner = startRunner(project);
    await waitFor('the runner to trade', async () => (await fillCount(project.store)) >= 2);
    runner.child.kill('SIGTERM');
    const exit = await runner.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('stopping: finishing the tick in progress');
    const runtime = await readRuntime(project.store, BOT);
    expect(runtime?.leaseOwner).toBeNull();
    expect(runtime?.status).toBe('stopped');
    const events = await eventsOf(project.store, { bot: BOT, kinds: ['started', 'stopped'] });
    expect(events.map((e) => e.kind)).toEqual(['started', 'stopped']);
    // Nothing half-done: every order it persisted was sent or refused.
    const pending = await project.store.db
      .selectFrom('orders')
      .select('client_order_id')
      .where('status', '=', 'new')
      .execute();
    expect(pending).toEqual([]);
    await expectLedgerMatchesExchange(project.store, 2);
  }, 90_000);

  it('a runner frozen past its lease and taken over writes nothing when it thaws, and exits with one line', async () => {
    const project = await makeProject(backend);
    const random = mulberry32(backend === 'embedded' ? 1111 : 2222);
    // A short lease, so a frozen runner loses it in seconds (renewed every third of it).
    const env = { ...project.env, FLEET_LEASE_TTL_MS: '1500' };
    const points = ['order', 'sent', 'placed', 'fill', 'equity'];
    const trials = 20;
    const startedCount = async () => (await eventsOf(project.store, { bot: BOT, kinds: ['started'] })).length;
    for (let trial = 0; trial < trials; trial++) {
      // Runner A stops itself (a real SIGSTOP) right before a write, outside any transaction.
      const point = points[Math.floor(random() * points.length)];
      const freeze = `${point}:${1 + Math.floor(random() * 3)}`;
      const a = startRunner(project, [], { ...env, FLEET_TEST_FREEZE_BEFORE: freeze });
      const pid = a.child.pid as number;
      await waitFor(
        `runner A to freeze before ${freeze}`,
        async () => stopped(pid) || a.child.exitCode !== null,
        60_000,
      );
      expect(a.child.exitCode, `A exited before ${freeze}: ${a.stderr()}`).toBeNull();
      // Runner B waits for the lease, takes it over once it runs out, boots (reconciling), stops.
      const booted = await startedCount();
      const b = startRunner(project, ['--wait'], env);
      await waitFor('runner B to take over', async () => (await startedCount()) > booted, 60_000);
      b.child.kill('SIGTERM');
      const bExit = await b.exited;
      expect(bExit.code, bExit.stderr).toBe(0);
      const before = await botSnapshot(project.store, BOT);
      // A thaws in the middle of its write.
      a.child.kill('SIGCONT');
      const aExit = await a.exited;
      expect(await botSnapshot(project.store, BOT), `trial ${trial} (${freeze}): A wrote after the takeover`).toEqual(
        before,
      );
      expect(aExit.code, aExit.stderr).toBe(1);
      const lines = aExit.stderr.split('\n').filter((line) => line.includes('taken over by another runner'));
      expect(lines, aExit.stderr).toHaveLength(1);
      expect((await readRuntime(project.store, BOT))?.leaseOwner).toBeNull();
    }
    // Every takeover was told by the runner that took over, and nobody halted the bot.
    const takeovers = await eventsOf(project.store, { bot: BOT, kinds: ['lease_taken_over'] });
    expect(takeovers).toHaveLength(trials);
    expect(await eventsOf(project.store, { bot: BOT, kinds: ['halted'] })).toEqual([]);
    await expectLedgerMatchesExchange(project.store, 2);
  }, 600_000);

  it('killed -9 at random moments over and over, it restarts without a duplicate or lost order', async () => {
    const project = await makeProject(backend);
    const random = mulberry32(backend === 'embedded' ? 4242 : 2424);
    const kills = 15;
    const points = ['order', 'sent', 'placed', 'fill', 'equity'];
    const startedCount = async () => (await eventsOf(project.store, { bot: BOT, kinds: ['started'] })).length;
    for (let i = 0; i < kills; i++) {
      const booted = await startedCount();
      if (i % 3 === 1) {
        // Every third life kills itself right after a chosen write: an order persisted, cleared to
        // go, answered by the broker, a fill, an equity point (the test-only crash hook).
        const at = `${points[Math.floor(random() * points.length)]}:${1 + Math.floor(random() * 3)}`;
        const hooked = startRunner(project, [], { ...project.env, FLEET_TEST_CRASH_AFTER: at });
        await waitFor(
          `runner ${i} to die after ${at}`,
          async () => hooked.child.signalCode !== null || hooked.child.exitCode !== null,
          90_000,
        );
        const exit = await hooked.exited;
        expect(exit.signal, `${at}: ${exit.stderr}`).toBe('SIGKILL');
        continue;
      }
      const runner = startRunner(project);
      // Of the others, one in two dies at a moment counted from its spawn, often still booting; the
      // rest at a moment counted from the end of their boot, so they die trading however slowly the
      // machine boots a process.
      if (i % 3 === 2) {
        await sleep(300 + Math.floor(random() * 2200));
      } else {
        await waitFor(
          `runner ${i} to boot`,
          async () => runner.child.exitCode !== null || (await startedCount()) > booted,
        );
        await sleep(200 + Math.floor(random() * 1800));
      }
      if (runner.child.exitCode !== null) {
        const early = await runner.exited;
        throw new Error(`runner ${i} exited on its own (${early.code}): ${early.stderr}`);
      }
      runner.child.kill('SIGKILL');
      const exit = await runner.exited;
      expect(exit.signal).toBe('SIGKILL');
    }
    const fillsBefore = await fillCount(project.store);
    expect(fillsBefore, 'the killed runners traded').toBeGreaterThan(0);
    // A last clean run, long enough to boot, catch up and trade, then a clean stop.
    const final = startRunner(project);
    await waitFor('the final runner to hold the lease', holding(project.store, final.child.pid));
    await waitFor('the final runner to trade', async () => {
      const fills = await fillCount(project.store);
      return fills > fillsBefore && fills >= 8;
    });
    final.child.kill('SIGTERM');
    const exit = await final.exited;
    expect(exit.code, exit.stderr).toBe(0);
    // Nobody halted on the way: no reconciliation mismatch after any of the kills.
    expect(await eventsOf(project.store, { bot: BOT, kinds: ['halted', 'halt_details'] })).toEqual([]);
    expect(await startedCount()).toBeGreaterThanOrEqual(10);
    await expectLedgerMatchesExchange(project.store, 8);
  }, 400_000);
});

describe.runIf(SERVER_URL !== undefined)('fleet run when the database goes away', () => {
  it('keeps running, alerts, recovers, and its ledger still matches the exchange', async () => {
    const project = await makeProject('server');
    const target = new URL(project.serverUrl as string);
    const relay = tcpRelay(target);
    await relay.start();
    cleanups.push(() => relay.stop());
    const runner = startRunner(project, [], { DATABASE_URL: relay.url(target.pathname.slice(1)) });
    await waitFor('the runner to trade', async () => (await fillCount(project.store)) >= 2);
    const fillsBefore = await fillCount(project.store);

    await relay.stop();
    // Longer than the store waits for a connection (about 3 s): the failed tick cannot even be
    // recorded while the database is away.
    await sleep(8_000);
    expect(runner.child.exitCode).toBeNull();
    await relay.start();

    await waitFor(
      'the runner to recover',
      async () => (await eventsOf(project.store, { bot: BOT, kinds: ['recovered'] })).length > 0,
    );
    await waitFor('the runner to trade again', async () => (await fillCount(project.store)) > fillsBefore + 2);
    expect(runner.child.exitCode).toBeNull();
    runner.child.kill('SIGTERM');
    const exit = await runner.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toContain('tick failed');

    const alerts = await eventsOf(project.store, { bot: BOT, kinds: ['tick_failed', 'recovered'] });
    expect(alerts.map((e) => e.kind)).toContain('tick_failed');
    expect(alerts.map((e) => e.kind)).toContain('recovered');
    for (const event of alerts) expect(event.level).toBe('alert');
    expect(await eventsOf(project.store, { bot: BOT, kinds: ['halted'] })).toEqual([]);
    await expectLedgerMatchesExchange(project.store, 4);
  }, 110_000);
});
