import { afterEach, describe, expect, it } from 'vitest';
import { venueCalendar } from '../../../src/calendar/index.js';
import { eventsOf, ordersOf } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { pathCandles, RIG_TF_MS, registerRigBot, rigExchange, rigRunner } from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

// Round-the-clock bars from 01:00 UTC on 2 January 2024: 20:00 in New York on New Year's Day, a
// holiday. A stock bot fed such bars (pre- and after-market data) must not trade on them.
const candles = pathCandles(Array.from({ length: 12 }, () => 100));
const START = 5;

describe.each(BACKENDS)('the market_closed rail in the runner (%s)', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it.each([
    [false, 'rejected'],
    [true, 'filled'],
  ])(
    'extended_hours %s: an entry decided outside the NYSE session is %s',
    async (extendedHours, status) => {
      database = await createTestDatabase(backend);
      const store = await database.open();
      const bot = await registerRigBot(store, 'stock');
      const { clock, exchange } = rigExchange({ name: 'stock', candles, start: START });
      const runner = rigRunner(store, bot, {
        clock,
        broker: exchange,
        feed: exchange,
        strategy: scriptedStrategy({ [START + 1]: 'buy' }),
        start: START,
        calendar: venueCalendar('XNYS'),
        extendedHours,
      });
      await runner.boot();
      for (let i = START; i <= START + 2; i++) {
        clock.set(candles.time[i] + RIG_TF_MS);
        await runner.tick();
      }
      const orders = await ordersOf(store, 'stock');
      expect(orders.map((order) => order.status)).toEqual([status]);
      if (!extendedHours) {
        expect(orders[0].reason).toMatch(/^risk:market_closed: the market is closed \(outside the venue's session\)/);
        const refusals = await eventsOf(store, { bot: 'stock', kinds: ['risk_rejected'] });
        expect(refusals).toHaveLength(1);
      }
      await runner.stop();
      await store.close();
    },
    60_000,
  );
});
