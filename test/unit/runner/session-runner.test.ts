import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxExchange, ManualClock, MemorySandboxLedger } from '../../../src/broker/index.js';
import { BotRunner, botCalendar, type RunnerNotice, runBots } from '../../../src/runner/index.js';
import { eventsOf, fillsOf, getBot, ordersOf, readRuntime, registerBots } from '../../../src/store/index.js';
import { FLAT, type Strategy } from '../../../src/strategy/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { OPEN_LIMITS, RIG_COSTS } from '../../helpers/runner-rig.js';
import { SCRIPT_TRANSITIONS } from '../../helpers/scripted-strategy.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

/** Buys when flat, sells when long: an order at every bar close, so every bar shows where trading happens. */
const alternating: Strategy = {
  name: 'alternating',
  transitions: SCRIPT_TRANSITIONS,
  initialState: FLAT,
  risk: { stopLoss: Number.NaN, takeProfit: Number.NaN, positionSize: 0.5 },
  onBar: (_bars, _index, state) => (state === FLAT ? 0 : 1),
  reset() {},
};

describe.each(BACKENDS)('a paper stock bot on the sandbox equity mode (%s)', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('trades only in NYSE sessions across a weekend and Christmas, on a compressed clock', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    await registerBots(store, [
      {
        name: 'stock',
        spec: { name: 'alternating' },
        params: {},
        symbol: 'SBX-TREND',
        exchange: 'sandbox',
        timeframe: '1h',
        capital: 10_000,
        risk: {},
        config: { venue: 'XNYS' },
      },
    ]);
    const bot = await getBot(store, 'stock');
    if (bot === undefined) throw new Error('not registered');
    const calendar = botCalendar(bot);
    expect(calendar.id).toBe('XNYS');
    // Friday 20 December 2024, 10:00 ET; the run ends on Thursday 26 December, 14:00 ET.
    const clock = new ManualClock(at('2024-12-20T15:00:00Z'));
    const exchange = createSandboxExchange({
      account: 'stock',
      ledger: new MemorySandboxLedger(),
      clock,
      timeframe: '1h',
      costs: RIG_COSTS,
      initialCash: 10_000,
      symbols: ['SBX-TREND'],
      historyBars: 30,
      venue: calendar.id,
    });
    const runner = new BotRunner({
      store,
      bot,
      strategy: alternating,
      broker: exchange,
      feed: exchange,
      clock,
      costs: RIG_COSTS,
      // The stale-data rail as it is by default: two bars. A weekend must not trip it.
      limits: { ...OPEN_LIMITS, staleAfterBars: 2 },
      owner: `test:${process.pid}`,
      leaseTtlMs: 60_000,
      warmupBars: 20,
      ownAccount: true,
      quote: 'USDT',
      calendar,
    });
    const notices: RunnerNotice[] = [];
    const outcomes = await runBots({
      store,
      runners: [runner],
      clock,
      until: at('2024-12-26T19:00:00Z'),
      onNotice: (notice) => notices.push(notice),
    });
    expect(outcomes).toEqual([{ bot: 'stock', state: 'stopped' }]);

    const fills = await fillsOf(store, 'stock');
    const days = new Set(fills.map((fill) => calendar.tradingDay(fill.time.getTime())));
    expect([...days].sort()).toEqual(['2024-12-20', '2024-12-23', '2024-12-24', '2024-12-26']);
    for (const fill of fills) {
      // Each fill is at a bar of a session (its open time, an hour-aligned bar that holds trading).
      expect(calendar.sessionsBetween(fill.time.getTime(), fill.time.getTime() + HOUR)).toHaveLength(1);
    }
    // Decided at Friday's close and at Christmas Eve's early close: filled at the next session's first bar.
    const fillTimes = fills.map((fill) => fill.time.toISOString());
    expect(fillTimes).toContain('2024-12-23T14:00:00.000Z');
    expect(fillTimes).toContain('2024-12-26T14:00:00.000Z');
    // Nothing refused: no stale data after the weekend, no closed market for orders decided at a close.
    const refused = (await ordersOf(store, 'stock')).filter((order) => order.status === 'rejected');
    expect(refused.map((order) => order.reason)).toEqual([]);

    const sessionEvents = await eventsOf(store, { bot: 'stock', kinds: ['market_open', 'market_closed'] });
    const told = sessionEvents.map(({ kind, data }) => {
      const { day, nextOpen } = data as { day?: string; nextOpen?: number };
      return kind === 'market_open' ? `open ${day}` : `closed until ${new Date(nextOpen as number).toISOString()}`;
    });
    expect(told).toEqual([
      'closed until 2024-12-23T14:30:00.000Z',
      'open 2024-12-23',
      'closed until 2024-12-24T14:30:00.000Z',
      'open 2024-12-24',
      'closed until 2024-12-26T14:30:00.000Z',
      'open 2024-12-26',
    ]);
    // One line each, as the run prints them.
    const lines = notices.map((notice) => notice.message);
    expect(lines).toContain('XNYS closed: sleeping until it opens at 2024-12-23T14:30:00.000Z');
    expect(lines).toContain('XNYS closed: sleeping until it opens at 2024-12-26T14:30:00.000Z');
    expect(lines.filter((line) => line.startsWith('XNYS open: session 2024-12-24'))).toEqual([
      'XNYS open: session 2024-12-24 from 2024-12-24T14:30:00.000Z to 2024-12-24T18:00:00.000Z (early close: Christmas Eve)',
    ]);
    // The daily-loss breaker's day is New York's trading day.
    expect((await readRuntime(store, 'stock'))?.day).toBe('2024-12-26');
    await store.close();
  }, 120_000);
});
