import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { resolveCosts } from '../../src/backtest/index.js';
import { createSandboxExchange, ManualClock } from '../../src/broker/index.js';
import { type Timeframe, timeframeMs } from '../../src/core/index.js';
import { BotRunner, botRiskLimits } from '../../src/runner/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { getBot, openStore, readRuntime, type Store, StoreSandboxLedger } from '../../src/store/index.js';
import { compileStrategy } from '../../src/strategy/index.js';
import { type RunningFleet, spawnFleet } from './cli.js';
import { type BackendName, createTestDatabase, embeddedTemplate } from './databases.js';
import { fastCrossBot, fastCrossSpec as fastSpec } from './fleet-project.js';

import { until } from './until.js';
/**
 * The built CLI's runner as real processes: one runner per bot (the lease), a clean SIGTERM, and
 * the promise of principle 4 (killed at any instruction, it restarts without a duplicate or lost
 * order) checked against the sandbox exchange's own books in the same database.
 */

export const BOT = 'crashy';
export const SYMBOL = 'SBX-WALK';
export const SPEED = '600';

export const cleanups: Array<() => Promise<void>> = [];

/** Each test file's afterAll: stops what its projects left running and drops their databases. */
export async function cleanUpProjects(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}

export interface Project {
  readonly dir: string;
  readonly env: Record<string, string>;
  /** The test's own store: on embedded it is the owner, so the runners are only clients. */
  readonly store: Store;
  readonly backend: BackendName;
  readonly serverUrl?: string;
}

export async function makeProject(backend: BackendName): Promise<Project> {
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
    cpSync(await embeddedTemplate('migrated'), join(dir, '.fleet', 'db', 'pgdata'), { recursive: true });
    store = await openStore({ url: undefined, dir: join(dir, '.fleet') });
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

export function startRunner(
  project: Project,
  extra: string[] = [],
  env: Record<string, string> = project.env,
): RunningFleet {
  const childEnv: Record<string, string | undefined> = { ...process.env, CI: 'true', NO_COLOR: '1', ...env };
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
  return spawnFleet(['run', BOT, '--paper', '--speed', SPEED, ...extra], { cwd: project.dir, env: childEnv });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  await until(what, async () => ((await check()) ? true : undefined), timeoutMs, 100);
}

/** Whether the process is stopped (SIGSTOP): state T in /proc/<pid>/stat. */
export function stopped(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
  } catch {
    return false;
  }
}

/** The runner with this pid holds the lease. */
export const holding = (store: Store, pid: number | undefined) => async () => {
  const runtime = await readRuntime(store, BOT);
  return runtime?.leasePid === pid && runtime?.status === 'running';
};

export async function fillCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('fills')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('bot', '=', BOT)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Seeded, so a failing sequence of kills can be replayed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const close = (a: number, b: number, relative: number) =>
  Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Checks the bot's ledger against the sandbox exchange's books, after letting a fresh runner boot
 * once on a clock frozen where the exchange last matched, so fills the exchange made during the
 * last runner's final calls are caught up with and nothing new can happen meanwhile. Its boot
 * reconciles: a mismatch there halts and fails the test.
 */
export async function expectLedgerMatchesExchange(store: Store, minFills: number): Promise<void> {
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
