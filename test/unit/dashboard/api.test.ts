import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDashboard } from '../../../src/dashboard/index.js';
import { botLogs, botOrders, botTrades, fleetPnl, fleetStatus } from '../../../src/fleet/index.js';
import {
  enqueueEvents,
  equityOf,
  eventsOf,
  outboxStatus,
  readFlags,
  recordEvent,
  type Store,
  setFlags,
} from '../../../src/store/index.js';
import { http, serveDashboard, tradingBot, WARMUP } from '../../helpers/dashboard-rig.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { registerRigBot } from '../../helpers/runner-rig.js';

const TOKEN = 'a-long-random-dashboard-token';
/** Ten minutes ahead of the database's clock: the rig's runner, silent since, reads as stale. */
const LATER = () => Date.now() + 10 * 60_000;

/** What the API sends for a value: JSON, as the page receives it. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value));

describe.each(BACKENDS)('the dashboard API over HTTP on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let open: RunningDashboard;
  let guarded: RunningDashboard;
  let now: number;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    // alpha: two round trips, then paused and an entry refused; its runner left running (its
    // heartbeat reads stale on the pinned clock). beta: registered, halted.
    const script = { 0: 'buy', 3: 'sell', 6: 'buy', 9: 'sell', 12: 'buy' };
    const alpha = await tradingBot(store, 'alpha', script, { ticks: 12 });
    await setFlags(store, 'alpha', { paused: true }, { actor: 'test' });
    await alpha.tickAt(WARMUP + 12);
    expect(alpha.broker.placed).toHaveLength(4);
    await registerRigBot(store, 'beta');
    await setFlags(store, 'beta', { halted: true, haltedReason: 'reconciliation mismatch (test)' }, { actor: 'test' });
    // A channel's cursor first, then an alert after it: one message waits in the outbox.
    await enqueueEvents(store, 'ops-webhook');
    await recordEvent(store, { bot: 'beta', level: 'alert', kind: 'halted', message: 'beta halted (test)' });
    await enqueueEvents(store, 'ops-webhook');
    now = LATER();
    open = await serveDashboard(store, { now: () => now });
    guarded = await serveDashboard(store, { now: () => now, token: TOKEN });
  }, 120_000);

  afterAll(async () => {
    await open?.close();
    await guarded?.close();
    await database?.cleanup();
  });

  it('GET /api/fleet: every bot as fleet ls and fleet pnl compute it, on a stated clock', async () => {
    const answer = await http(`${open.url}api/fleet`);
    expect(answer.status).toBe(200);
    const body = answer.body as { now: number; bots: Array<Record<string, unknown>>; totals: Record<string, number> };
    const status = await fleetStatus(store, { now });
    const pnl = await fleetPnl(store);
    expect(body.now).toBe(now);
    expect(body.bots.map((row) => row.name)).toEqual(['alpha', 'beta']);
    for (const [i, row] of body.bots.entries()) {
      const { pnlTotal, ...rest } = row;
      expect(rest).toEqual(wire(status[i]));
      const { bot: _b, mode: _m, symbol: _s, ...total } = pnl.bots[i];
      expect(pnlTotal).toEqual(wire(total));
    }
    const alpha = body.bots[0] as { trades: unknown; clock: string; day: string; stale: boolean };
    expect(alpha.trades).toEqual({ closed: 2, open: 0 });
    expect(alpha.clock).toBe('wall');
    expect(alpha.stale).toBe(true);
    expect(body.totals.equity).toBeCloseTo(pnl.totals.equity, 9);
  });

  it('GET /api/bots/:name and its equity, trades, orders and events: the fleet library’s own answers', async () => {
    const summary = await http(`${open.url}api/bots/alpha`);
    expect(summary.status).toBe(200);
    expect((summary.body as { name: string }).name).toBe('alpha');

    const equity = (await http(`${open.url}api/bots/alpha/equity`)).body as { points: unknown[] };
    expect(equity.points).toEqual(wire(await equityOf(store, 'alpha')));
    expect(equity.points.length).toBeGreaterThan(5);
    const two = (await http(`${open.url}api/bots/alpha/equity?limit=2`)).body as { points: unknown[] };
    expect(two.points).toEqual(wire(await equityOf(store, 'alpha', { limit: 2 })));

    expect((await http(`${open.url}api/bots/alpha/trades`)).body).toEqual(wire(await botTrades(store, 'alpha')));
    const orders = (await http(`${open.url}api/bots/alpha/orders?limit=3`)).body as { orders: unknown[] };
    expect(orders.orders).toEqual(wire(await botOrders(store, 'alpha', { limit: 3 })));
    const events = (await http(`${open.url}api/bots/alpha/events?level=warn`)).body as { events: unknown[] };
    expect(events.events).toEqual(wire(await botLogs(store, 'alpha', { level: 'warn' })));
  });

  it('GET /api/health: stale heartbeats, halted bots, rejected orders and the outbox backlog', async () => {
    const health = (await http(`${open.url}api/health`)).body as {
      staleHeartbeats: { bot: string }[];
      halted: unknown[];
      paused: string[];
      rejectedOrders: { count: number; latest: { bot: string; reason: string }[] };
      outbox: unknown[];
      outboxPending: number;
    };
    expect(health.staleHeartbeats.map((s) => s.bot)).toEqual(['alpha']);
    expect(health.halted).toEqual([{ bot: 'beta', reason: 'reconciliation mismatch (test)' }]);
    expect(health.paused).toEqual(['alpha']);
    expect(health.outbox).toEqual(wire(await outboxStatus(store)));
    expect(health.outboxPending).toBe(1);
    expect(health.rejectedOrders.count).toBe(1);
    expect(health.rejectedOrders.latest).toEqual([
      expect.objectContaining({ bot: 'alpha', side: 'buy', reason: expect.stringMatching(/^risk:paused/) }),
    ]);
  });

  it('answers unknown bots 404 with the closest name, and a bad query 400', async () => {
    const unknown = await http(`${open.url}api/bots/alpah/trades`);
    expect(unknown.status).toBe(404);
    expect((unknown.body as { error: string }).error).toBe("unknown bot 'alpah'; did you mean 'alpha'?");
    const bad = await http(`${open.url}api/bots/alpha/orders?limit=-3`);
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toContain('limit must be a whole number');
    expect((await http(`${open.url}api/bots/alpha/events?level=loud`)).status).toBe(400);
    expect((await http(`${open.url}api/nothing`)).status).toBe(404);
  });

  it('serves the pages and echarts from the package, not a CDN', async () => {
    const page = await http(open.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).not.toMatch(/https?:\/\//);
    // Only its own scripts, and never inside another site's frame (its buttons change the fleet).
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const bot = await http(`${open.url}bots/alpha`);
    expect(bot.text).toContain('/assets/echarts.min.js');
    const echarts = await http(`${open.url}assets/echarts.min.js`);
    expect(echarts.status).toBe(200);
    expect(echarts.text.length).toBeGreaterThan(500_000);
    expect((await http(`${open.url}assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('without a token, answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    const rebound = await http(`${open.url}api/fleet`, { headers: { host: `evil.example:${open.port}` } });
    expect(rebound.status).toBe(403);
    expect((await http(`${open.url}api/fleet`, { headers: { host: `localhost:${open.port}` } })).status).toBe(200);
  });

  it('with a token set, every API request needs it; without one, control is refused (401)', async () => {
    expect((await http(`${guarded.url}api/fleet`)).status).toBe(401);
    expect((await http(`${guarded.url}api/fleet`, { token: 'wrong' })).status).toBe(401);
    expect((await http(`${guarded.url}api/fleet`, { token: TOKEN })).status).toBe(200);
    // The page itself holds no data: it loads, then asks for the token.
    expect((await http(guarded.url)).status).toBe(200);
    const off = await http(`${open.url}api/bots/beta/pause`, { method: 'POST', token: TOKEN });
    expect(off.status).toBe(401);
    expect((off.body as { error: string }).error).toContain('FLEET_DASHBOARD_TOKEN');
  });

  it('refuses pause, resume and kill without the token or with a wrong one, changing nothing', async () => {
    const before = await readFlags(store, 'beta');
    const eventsBefore = (await eventsOf(store, {})).length;
    for (const verb of ['pause', 'resume', 'kill']) {
      for (const token of [undefined, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
        const answer = await http(`${guarded.url}api/bots/beta/${verb}`, { method: 'POST', token });
        expect(answer.status).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer');
      }
      expect((await http(`${guarded.url}api/fleet/${verb}`, { method: 'POST' })).status).toBe(401);
    }
    expect(await readFlags(store, 'beta')).toEqual(before);
    expect((await eventsOf(store, {})).length).toBe(eventsBefore);
  });

  it('pauses, kills and resumes with the token, through the fleet control calls, audited', async () => {
    const pause = await http(`${guarded.url}api/bots/beta/pause`, {
      method: 'POST',
      token: TOKEN,
      body: { reason: 'checking the feed' },
    });
    expect(pause.status).toBe(200);
    expect(pause.body).toMatchObject({ action: 'pause', bots: ['beta'], global: false });
    expect((await readFlags(store, 'beta')).paused).toBe(true);
    const [event] = await eventsOf(store, { bot: 'beta', kinds: ['paused'], limit: 1 });
    expect(event.message).toMatch(/^beta paused by tester@test via dashboard from .+: checking the feed$/);

    expect((await http(`${guarded.url}api/bots/beta/kill`, { method: 'POST', token: TOKEN })).status).toBe(200);
    expect((await readFlags(store, 'beta')).killSwitch).toBe(true);
    const resume = await http(`${guarded.url}api/bots/beta/resume`, { method: 'POST', token: TOKEN });
    expect(resume.body).toMatchObject({ action: 'resume', bots: ['beta'], globalKillSwitch: false });
    expect(await readFlags(store, 'beta')).toMatchObject({ paused: false, killSwitch: false, halted: false });

    const killAll = await http(`${guarded.url}api/fleet/kill`, { method: 'POST', token: TOKEN });
    expect(killAll.body).toMatchObject({ action: 'kill', global: true });
    expect((await readFlags(store, 'alpha')).globalKillSwitch).toBe(true);
    expect(
      ((await http(`${guarded.url}api/fleet`, { token: TOKEN })).body as { globalKillSwitch: boolean })
        .globalKillSwitch,
    ).toBe(true);
    await http(`${guarded.url}api/fleet/resume`, { method: 'POST', token: TOKEN });
    expect(await readFlags(store, 'alpha')).toMatchObject({ globalKillSwitch: false, paused: false });

    expect((await http(`${guarded.url}api/bots/beta/explode`, { method: 'POST', token: TOKEN })).status).toBe(404);
    expect((await http(`${guarded.url}api/bots/nobody/pause`, { method: 'POST', token: TOKEN })).status).toBe(404);
  });
});
