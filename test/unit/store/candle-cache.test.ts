import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_BARS, type Store, StoreCandleCache } from '../../../src/store/index.js';
import { conformanceCandles, expectSameCandles } from '../../../src/testing/candle-cache-conformance.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

// The CandleCache contract is checked for this cache on both backends by
// test/conformance/candle-cache.test.ts; these are its chunking's own cases.
describe.each(BACKENDS)('StoreCandleCache on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('round-trips 1,000,000 bars exactly to the bit', async () => {
    const cache = new StoreCandleCache(store);
    const key = { source: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const;
    const candles = conformanceCandles(1_000_000);
    await cache.put(key, candles);
    expectSameCandles(await cache.get(key), candles);
    const chunks = await store.db.selectFrom('candles').select('bars').where('symbol', '=', 'BTC/USDT').execute();
    expect(chunks.length).toBe(Math.ceil(1_000_000 / CHUNK_BARS));
  });

  it.each([0, 1, 6, 7, 8, 21, 22])('keeps %i bars across chunk boundaries (chunks of 7)', async (length) => {
    const cache = new StoreCandleCache(store, 7);
    const key = { source: 'csv', symbol: `S${length}`, timeframe: '1h' } as const;
    // Something older under the key must be replaced, not merged.
    await cache.put(key, conformanceCandles(30, 9));
    const candles = conformanceCandles(length, length + 2);
    await cache.put(key, candles);
    if (length === 0) expect(await cache.get(key)).toBeUndefined();
    else expectSameCandles(await cache.get(key), candles);
  });

  it('keeps the default chunk boundary (chunk + 1 bars) and lists its keys', async () => {
    const cache = new StoreCandleCache(store);
    const key = { source: 'sandbox', symbol: 'SBX-EDGE', timeframe: '5m' } as const;
    const candles = conformanceCandles(CHUNK_BARS + 1, 3);
    await cache.put(key, candles);
    expectSameCandles(await cache.get(key), candles);
    expect(await cache.get({ ...key, symbol: 'NONE' })).toBeUndefined();
    expect(await cache.list()).toContainEqual(key);
  });
});
