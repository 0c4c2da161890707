import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botTrades, fleetPnl, fleetStatus, parseSince } from '../../../src/fleet/index.js';
import {
  acquireLease,
  heartbeat,
  latestEquity,
  recordEquity,
  registerBots,
  type Store,
  setDayStart,
  setFlags,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { recordFill } from '../../helpers/ledger-fills.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const T0 = Date.UTC(2026, 10, 1);
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

describe.each(BACKENDS)('fleet pnl and status on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    const bot = (name: string) => botDeclaration(name, { symbol: 'SBX-TREND', capital: 1000 });
    await registerBots(store, [bot('trader'), bot('shorty'), bot('idle')]);
    // tokyo: a sandbox stock bot on Tokyo's calendar, whose day is Tokyo's date.
    await registerBots(store, [
      botDeclaration('tokyo', { symbol: 'SBX-TREND', capital: 1000, config: { venue: 'XTKS' } }),
    ]);
    await recordEquity(store, { bot: 'tokyo', time: at(-1), cash: 1000, equity: 1010, position: 0, price: 100 });
    // trader: a winning long (two entry fills), a losing long, then an open long.
    await recordFill(store, 'trader', { side: 'buy', quantity: 1, price: 100, fee: 0.1, time: at(0) });
    await recordFill(store, 'trader', { side: 'buy', quantity: 1, price: 110, fee: 0.1, time: at(1) });
    await recordFill(store, 'trader', {
      side: 'sell',
      quantity: 2,
      price: 120,
      fee: 0.2,
      time: at(2),
      role: 'take_profit',
    });
    await recordFill(store, 'trader', { side: 'buy', quantity: 1, price: 120, fee: 0.1, time: at(30) });
    await recordFill(store, 'trader', { side: 'sell', quantity: 1, price: 115, fee: 0.1, time: at(31), role: 'stop' });
    await recordFill(store, 'trader', { side: 'buy', quantity: 0.5, price: 100, fee: 0.05, time: at(40) });
    await recordEquity(store, { bot: 'trader', time: at(0), cash: 1000, equity: 1000, position: 0, price: 100 });
    await recordEquity(store, { bot: 'trader', time: at(30), cash: 1000, equity: 1024.6, position: 0, price: 120 });
    await recordEquity(store, { bot: 'trader', time: at(41), cash: 969.35, equity: 975.35, position: 0.5, price: 112 });
    // shorty: one short round trip, a profit of 10 before fees.
    await recordFill(store, 'shorty', { side: 'sell', quantity: 2, price: 50, fee: 0.5, time: at(1), role: 'entry' });
    await recordFill(store, 'shorty', { side: 'buy', quantity: 2, price: 45, fee: 0.5, time: at(3), role: 'exit' });
  });
  afterAll(() => database?.cleanup());

  it('pairs fills into round trips with fees, over the whole history', async () => {
    const pnl = await fleetPnl(store);
    const trader = pnl.bots.find((b) => b.bot === 'trader');
    // (120*2 - 100 - 110) - 0.4 = 29.6; (115 - 120) - 0.2 = -5.2
    expect(trader?.realised).toBeCloseTo(24.4, 9);
    expect(trader?.fees).toBeCloseTo(0.65, 9);
    expect(trader).toMatchObject({ tradesClosed: 2, wins: 1, equity: 975.35 });
    expect(trader?.unrealised).toBeCloseTo(0.5 * (112 - 100), 9);
    expect(trader?.equityChange).toBeCloseTo(975.35 - 1000, 9);
    const shorty = pnl.bots.find((b) => b.bot === 'shorty');
    expect(shorty?.realised).toBeCloseTo(9, 9);
    expect(shorty).toMatchObject({ tradesClosed: 1, wins: 1, unrealised: 0, equity: 1000, equityChange: 0 });
    expect(pnl.bots.find((b) => b.bot === 'idle')).toMatchObject({ realised: 0, fees: 0, tradesClosed: 0 });
    expect(pnl.totals.realised).toBeCloseTo(33.4, 9);
    expect(pnl.totals.tradesClosed).toBe(3);
    // The open long is a trade in progress beside the closed ones.
    expect([trader?.tradesOpen, shorty?.tradesOpen, pnl.totals.tradesOpen]).toEqual([1, 0, 1]);
    expect(pnl.totals.fees).toBeCloseTo(1.65, 9);
    expect(pnl.since).toBeNull();
  });

  it('counts only the trips closed in the window, and the fees paid in it', async () => {
    const pnl = await fleetPnl(store, { since: at(24) });
    const trader = pnl.bots.find((b) => b.bot === 'trader');
    expect(trader?.tradesClosed).toBe(1);
    expect(trader?.realised).toBeCloseTo(-5.2, 9);
    expect(trader?.fees).toBeCloseTo(0.25, 9);
    expect(trader?.equityChange).toBeCloseTo(975.35 - 1024.6, 9);
    expect(pnl.bots.find((b) => b.bot === 'shorty')).toMatchObject({ tradesClosed: 0, realised: 0, fees: 0 });
    // A window that starts mid-trip still counts the trip (paired over the whole history).
    const mid = await fleetPnl(store, { since: at(1.5) });
    expect(mid.bots.find((b) => b.bot === 'trader')?.tradesClosed).toBe(2);
  });

  it('lists the round trips of a bot, newest last, and its open position apart', async () => {
    const all = await botTrades(store, 'trader');
    expect(all.closed.map((t) => [t.side, t.entryPrice, t.exitPrice])).toEqual([
      ['long', 105, 120],
      ['long', 120, 115],
    ]);
    expect(all.open).toMatchObject({ side: 'long', quantity: 0.5, avgPrice: 100, entryTime: at(40).getTime() });
    expect(all.totals.trades).toBe(2);
    expect(all.totals.pnl).toBeCloseTo(24.4, 9);
    expect((await botTrades(store, 'trader', { limit: 1 })).closed.map((t) => t.exitPrice)).toEqual([115]);
    expect((await botTrades(store, 'trader', { since: at(24) })).closed).toHaveLength(1);
    expect((await botTrades(store, 'shorty')).open).toBeNull();
    await expect(botTrades(store, 'tradr')).rejects.toThrow(/unknown bot 'tradr'.*trader/);
  });

  it('lists every bot with position, equity, P&L today, heartbeat and flags', async () => {
    const now = Date.now();
    // A sandbox bot's day is the day of its own clock, which its latest equity point tells.
    const mark = (await latestEquity(store)).get('trader');
    await setDayStart(store, 'trader', (mark?.time ?? new Date(now)).toISOString().slice(0, 10), 1000);
    await acquireLease(store, 'trader', { owner: 'me', pid: 1, host: 'h', ttlMs: 60_000 });
    await heartbeat(store, 'trader', 'me', { ttlMs: 60_000, status: 'running' });
    await setFlags(store, 'shorty', { halted: true, haltedReason: 'daily loss limit' }, { actor: 'runner' });
    const rows = await fleetStatus(store, { now: now + 5000 });
    expect(rows.map((r) => r.name)).toEqual(['idle', 'shorty', 'tokyo', 'trader']);
    // 23:00 UTC on 31 October is 1 November in Tokyo.
    expect(rows[2]).toMatchObject({ clock: 'sandbox', day: '2026-11-01' });
    rows.splice(2, 1);
    const trader = rows[2];
    expect(trader).toMatchObject({
      mode: 'paper',
      status: 'running',
      symbol: 'SBX-TREND',
      position: 0.5,
      equity: 975.35,
    });
    expect(trader.pnlToday).toBeCloseTo(-24.65, 9);
    // Counted as fleet trades lists them, and "today" named with its clock.
    expect(rows.map((r) => r.trades)).toEqual([
      { closed: 0, open: 0 },
      { closed: 1, open: 0 },
      { closed: 2, open: 1 },
    ]);
    expect(trader).toMatchObject({ clock: 'sandbox', day: '2026-11-02' });
    expect(rows[0]).toMatchObject({ clock: 'sandbox', day: null });
    expect(trader.heartbeatAt).toBeInstanceOf(Date);
    expect(trader.heartbeatAgeMs).toBeGreaterThanOrEqual(0);
    expect(rows[1]).toMatchObject({
      haltedReason: 'daily loss limit',
      flags: { halted: true, paused: false, killSwitch: false, globalKillSwitch: false },
      pnlToday: null,
      heartbeatAt: null,
      heartbeatAgeMs: null,
    });
    expect(rows[0]).toMatchObject({ position: 0, equity: 1000, status: 'stopped' });
  });
});

describe('parseSince', () => {
  const now = Date.UTC(2026, 10, 8, 12);
  it('reads durations, dates and times', () => {
    expect(parseSince('24h', now).getTime()).toBe(now - 86_400_000);
    expect(parseSince('7d', now).getTime()).toBe(now - 7 * 86_400_000);
    expect(parseSince('30m', now).getTime()).toBe(now - 1_800_000);
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T06:00:00Z', now).toISOString()).toBe('2026-11-01T06:00:00.000Z');
  });
  it.each(['yesterday', '7', '2026-13-45', ''])('refuses %j as a usage error', (text) => {
    expect(() => parseSince(text, now)).toThrow('--since must be');
  });
});
