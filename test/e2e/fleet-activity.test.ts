import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundTrips } from '../../src/runner/index.js';
import { fillsOf, migrate, openStore, ordersOf, readPosition, type Store } from '../../src/store/index.js';
import { fleet, type RunningFleet, spawnFleet } from '../helpers/cli.js';
import { embeddedTemplate } from '../helpers/databases.js';
import { fastCrossBot, fastCrossSpec } from '../helpers/fleet-project.js';

/**
 * A bot that trades can be watched: fleet run prints each order and fill as it happens (JSON lines
 * under --json), and fleet logs, orders, trades, ls and pnl tell the same story from the ledger.
 * One project and one database for every assertion: two short runs, then the read commands.
 */

const BOT = 'busy';
const SYMBOL = 'SBX-WALK';

let dir: string;
let store: Store;
const run = (args: string[]) => fleet(args, { cwd: dir });
const json = async (args: string[]) => {
  const r = await run([...args, '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-e2e-activity-'));
  mkdirSync(join(dir, 'strategies'));
  writeFileSync(join(dir, 'strategies', 'fast-cross.json'), JSON.stringify(fastCrossSpec(), null, 2));
  writeFileSync(
    join(dir, 'fleet.config.json'),
    JSON.stringify({ name: 'activity-e2e', bots: [fastCrossBot(BOT, SYMBOL)] }, null, 2),
  );
  mkdirSync(join(dir, '.fleet', 'db'), { recursive: true });
  cpSync(await embeddedTemplate(), join(dir, '.fleet', 'db', 'pgdata'), { recursive: true });
  // The test's store owns the embedded database; the CLI processes connect through it.
  store = await openStore({ url: undefined, dir: join(dir, '.fleet') });
  await migrate(store);
}, 120_000);
afterAll(async () => {
  await store?.close();
});

/** Starts `fleet run` on the bot and stops it (SIGTERM) once its stdout shows what `enough` wants. */
async function runUntil(extra: string[], enough: (stdout: string) => boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1' };
  delete env.DATABASE_URL;
  const child: RunningFleet = spawnFleet(['run', BOT, '--paper', '--speed', '600', ...extra], { cwd: dir, env });
  const until = Date.now() + 90_000;
  while (!enough(child.stdout()) && child.child.exitCode === null) {
    if (Date.now() > until) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.child.kill('SIGTERM');
  return child.exited;
}

const count = (text: string, word: string) => text.split(word).length - 1;

describe('watching a trading bot (built CLI)', { timeout: 180_000 }, () => {
  it('fleet run prints each order and fill as it happens, and --json a JSON line each', async () => {
    const human = await runUntil([], (out) => count(out, 'fill (') >= 3);
    expect(human.code, human.stderr).toBe(0);
    const lines = human.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith(`[${BOT}] fill (entry): `)).length).toBeGreaterThan(0);
    expect(lines.some((line) => line.startsWith(`[${BOT}] filled entry `))).toBe(true);
    expect(human.stdout).toContain(`${BOT}: stopped`);

    const streamed = await runUntil(['--json'], (out) => count(out, '"event":"fill"') >= 1);
    expect(streamed.code, streamed.stderr).toBe(0);
    const objects = streamed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const fills = objects.filter((o) => o.event === 'fill');
    expect(fills.length).toBeGreaterThan(0);
    expect(fills[0]).toMatchObject({ bot: BOT, level: 'info', data: { symbol: SYMBOL } });
    for (const key of ['clientOrderId', 'side', 'quantity', 'price', 'fee', 'role']) {
      expect(fills[0].data).toHaveProperty(key);
    }
    expect(objects.at(-1)).toMatchObject({ event: 'summary', bots: [{ bot: BOT, state: 'stopped' }] });
  });

  it('fleet logs shows every order and fill the ledger holds', async () => {
    const events = await json(['logs', BOT, '--limit', '10000']);
    const fills = await fillsOf(store, BOT);
    const logged = events.filter((e: { kind: string }) => e.kind === 'fill');
    expect(logged.map((e: { data: { fillId: string } }) => e.data.fillId)).toEqual(fills.map((f) => f.exchangeFillId));
    const filledOrders = (await ordersOf(store, BOT)).filter((o) => o.status === 'filled');
    expect(events.filter((e: { kind: string }) => e.kind === 'order_filled')).toHaveLength(filledOrders.length);
    const text = await run(['logs', BOT, '--level', 'info', '--limit', '10000']);
    expect(text.stdout).toMatch(/order_filled\s+filled entry/);
    expect(text.stdout).toMatch(/fill\s+fill \(entry\): bought/);
  });

  it('fleet orders lists the order history and fleet trades the round trips, both with --json and --limit', async () => {
    const orders = await ordersOf(store, BOT);
    const listed = await json(['orders', BOT, '--limit', '10000']);
    expect(listed.map((o: { clientOrderId: string; status: string }) => [o.clientOrderId, o.status])).toEqual(
      orders.map((o) => [o.clientOrderId, o.status]),
    );
    expect(await json(['orders', BOT, '--limit', '2'])).toHaveLength(2);
    const table = await run(['orders', BOT]);
    expect(table.stdout).toContain('CLIENT ID');
    expect(table.stdout).toContain(orders.at(-1)?.clientOrderId);

    const fills = await fillsOf(store, BOT);
    const trips = roundTrips(fills.map((fill) => ({ ...fill, time: fill.time.getTime() })));
    expect(trips.length).toBeGreaterThan(0);
    const trades = await json(['trades', BOT, '--limit', '10000']);
    expect(trades.closed.map((t: { pnl: number }) => t.pnl)).toEqual(trips.map((t) => t.pnl));
    const position = await readPosition(store, BOT, SYMBOL);
    expect(trades.open === null).toBe(position.quantity === 0);
    expect((await json(['trades', BOT, '--limit', '1'])).closed).toHaveLength(1);
    expect((await run(['trades', BOT])).stdout).toContain('EXIT TIME');

    const unknown = await run(['trades', 'bussy']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("unknown bot 'bussy'");
    const bad = await run(['orders', BOT, '--limit', '0']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--limit');
  });

  it('fleet ls and fleet pnl count trades as fleet trades does, and say which clock today is on', async () => {
    const trades = await json(['trades', BOT, '--limit', '10000']);
    const open = trades.open === null ? 0 : 1;
    const [row] = (await json(['ls'])).bots;
    expect(row.trades).toEqual({ closed: trades.closed.length, open });
    expect(row.clock).toBe('sandbox');
    expect(row.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const table = (await run(['ls'])).stdout;
    expect(table).toContain(open > 0 ? `${trades.closed.length} + 1 open` : `${trades.closed.length}`);
    expect(table).toContain(`* P&L TODAY: equity change since the start of each bot's trading day on its own clock`);
    expect(table).toContain(`${row.day} on the sandbox's compressed clock`);
    const pnl = (await json(['pnl'])).bots[0];
    expect([pnl.tradesClosed, pnl.tradesOpen]).toEqual([trades.closed.length, open]);
  });
});
