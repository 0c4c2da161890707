import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  equityOf,
  eventsOf,
  latestEquity,
  recordEquity,
  recordEvent,
  registerBots,
  type Store,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

describe.each(BACKENDS)('events and equity on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await registerBots(store, [botDeclaration('one'), botDeclaration('two')]);
  });
  afterAll(() => database?.cleanup());

  it('records events in order, queuing nothing itself (the notifier fans them out per channel)', async () => {
    const info = await recordEvent(store, { bot: 'one', level: 'info', kind: 'started', message: 'up' });
    const alert = await recordEvent(store, {
      bot: 'one',
      level: 'alert',
      kind: 'halted',
      message: 'daily loss',
      data: { loss: 0.05 },
    });
    await recordEvent(store, { bot: null, level: 'error', kind: 'crash', message: 'boom' });
    expect(alert).toBeGreaterThan(info);
    expect(await store.db.selectFrom('notifications').select('id').execute()).toEqual([]);
    const [first, second] = await eventsOf(store, { bot: 'one' });
    expect(first).toEqual({ id: info, bot: 'one', level: 'info', kind: 'started', message: 'up', time: first.time });
    expect(first.time).toBeInstanceOf(Date);
    expect(second.data).toEqual({ loss: 0.05 });
  });

  it('filters events and keeps the newest n under a limit, oldest first', async () => {
    const base = Date.parse('2024-01-01T00:00:00Z');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(
        await recordEvent(store, {
          bot: 'two',
          level: i % 2 === 0 ? 'debug' : 'warn',
          kind: i < 3 ? 'bar' : 'order',
          message: `event ${i}`,
          time: new Date(base + i * 60_000),
        }),
      );
    }
    const messages = (events: Awaited<ReturnType<typeof eventsOf>>) => events.map((event) => event.message);
    expect(messages(await eventsOf(store, { bot: 'two' }))).toEqual([0, 1, 2, 3, 4, 5].map((i) => `event ${i}`));
    expect(messages(await eventsOf(store, { bot: 'two', limit: 2 }))).toEqual(['event 4', 'event 5']);
    expect(messages(await eventsOf(store, { bot: 'two', afterId: ids[3] }))).toEqual(['event 4', 'event 5']);
    expect(messages(await eventsOf(store, { bot: 'two', since: new Date(base + 4 * 60_000) }))).toEqual([
      'event 4',
      'event 5',
    ]);
    expect(messages(await eventsOf(store, { bot: 'two', kinds: ['bar'], levels: ['warn'] }))).toEqual(['event 1']);
    expect(messages(await eventsOf(store, { bot: 'two', kinds: ['order'], limit: 1 }))).toEqual(['event 5']);
    expect(await eventsOf(store, { bot: 'two', kinds: [] })).toEqual([]);
    const latest = await eventsOf(store, { limit: 1 });
    expect(latest.map((event) => event.id)).toEqual([ids[5]]);
    expect(latest[0].time).toEqual(new Date(base + 5 * 60_000));
  });

  it('upserts equity points and finds the newest of each bot', async () => {
    const t = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute));
    await recordEquity(store, { bot: 'one', time: t(0), cash: 10_000, equity: 10_000, position: 0, price: null });
    await recordEquity(store, { bot: 'one', time: t(2), cash: 5_000, equity: 10_010.1, position: 0.1, price: 50_101 });
    await recordEquity(store, { bot: 'one', time: t(1), cash: 1, equity: 1, position: 1, price: 1 });
    await recordEquity(store, {
      bot: 'one',
      time: t(1),
      cash: 0.1 + 0.2,
      equity: 9_999.99,
      position: 0.1,
      price: 49_999.9,
    });
    await recordEquity(store, { bot: 'two', time: t(5), cash: 7, equity: 7, position: 0, price: 3 });
    expect(await equityOf(store, 'one')).toEqual([
      { bot: 'one', time: t(0), cash: 10_000, equity: 10_000, position: 0, price: null },
      { bot: 'one', time: t(1), cash: 0.1 + 0.2, equity: 9_999.99, position: 0.1, price: 49_999.9 },
      { bot: 'one', time: t(2), cash: 5_000, equity: 10_010.1, position: 0.1, price: 50_101 },
    ]);
    expect((await equityOf(store, 'one', { limit: 2 })).map((point) => point.time)).toEqual([t(1), t(2)]);
    expect((await equityOf(store, 'one', { since: t(2) })).map((point) => point.time)).toEqual([t(2)]);
    const latest = await latestEquity(store);
    expect([...latest.keys()]).toEqual(['one', 'two']);
    expect(latest.get('one')?.equity).toBe(10_010.1);
    expect(latest.get('two')?.time).toEqual(t(5));
  });
});
