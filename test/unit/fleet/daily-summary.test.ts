import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetPnl, recordDailyPnl } from '../../../src/fleet/index.js';
import { eventsOf, registerBots, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { recordFill } from '../../helpers/ledger-fills.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const T0 = Date.UTC(2026, 10, 1);
const at = (hours: number) => T0 + hours * 3_600_000;

describe.each(BACKENDS)('the daily P&L summary on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('is recorded once per UTC day, with the figures of fleet pnl --since 24h, however many processes try', async () => {
    expect(await recordDailyPnl(store, at(1))).toBeUndefined();
    const bot = (name: string) => botDeclaration(name, { symbol: 'SBX-TREND', capital: 1000 });
    await registerBots(store, [bot('trader'), bot('idle')]);
    await recordFill(store, 'trader', { side: 'buy', quantity: 1, price: 100, fee: 0.1, time: new Date(at(2)) });
    await recordFill(store, 'trader', { side: 'sell', quantity: 1, price: 110, fee: 0.1, time: new Date(at(3)) });

    // Four at once, on two connections: one records, the others find the day done.
    const other = await database.open();
    const now = at(5);
    const ids = await Promise.all([store, other, store, other].map((s) => recordDailyPnl(s, now)));
    expect(ids.filter((id) => id !== undefined)).toHaveLength(1);
    expect(await recordDailyPnl(store, at(23))).toBeUndefined();

    const [summary] = await eventsOf(store, { kinds: ['daily_summary'] });
    const pnl = await fleetPnl(store, { since: new Date(now - 86_400_000) });
    expect(summary).toMatchObject({ bot: null, level: 'info', kind: 'daily_summary' });
    expect(summary?.data).toMatchObject({
      day: '2026-11-01',
      since: '2026-10-31T05:00:00.000Z',
      until: '2026-11-01T05:00:00.000Z',
      totals: { realised: pnl.totals.realised, fees: pnl.totals.fees, tradesClosed: 1, wins: 1 },
      bots: [
        { bot: 'idle', realised: 0 },
        { bot: 'trader', realised: pnl.bots.find((row) => row.bot === 'trader')?.realised },
      ],
    });
    expect(summary?.message).toMatch(
      /^daily P&L, 24 h to 2026-11-01T05:00Z: realised \+9\.80, .*1 trade\(s\) closed \(1 won\).* over 2 bot\(s\)$/,
    );

    // The next UTC day has its own.
    expect(await recordDailyPnl(store, at(24))).toBeDefined();
    const days = (await eventsOf(store, { kinds: ['daily_summary'] })).map((e) => (e.data as { day: string }).day);
    expect(days).toEqual(['2026-11-01', '2026-11-02']);
  });
});
