import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateCandles, CANDLE_COLUMNS, type Candles } from '../../../src/core/index.js';
import { CHUNK_BARS, type Store, StoreCandleCache } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

function makeCandles(length: number, seed = 1): Candles {
  const candles = allocateCandles(length);
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  for (let i = 0; i < length; i++) {
    candles.time[i] = 1_600_000_000_000 + i * 60_000;
    candles.open[i] = 100 + next();
    candles.high[i] = 101 + next();
    candles.low[i] = 99 - next();
    candles.close[i] = 100 + next() / 3;
    candles.volume[i] = next() * 1e9;
  }
  // Values a text round trip would not keep: negative zero, NaN, denormals, extremes.
  if (length > 3) {
    candles.volume[0] = -0;
    candles.volume[1] = Number.NaN;
    candles.volume[2] = Number.MIN_VALUE;
    candles.close[3] = Number.MAX_VALUE;
  }
  return candles;
}

/** Exact to the bit, column by column. */
function expectSameBits(actual: Candles | undefined, expected: Candles): void {
  expect(actual?.length).toBe(expected.length);
  for (const column of CANDLE_COLUMNS) {
    const a = actual?.[column] as Float64Array;
    const b = expected[column];
    expect(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)),
    ).toBe(true);
  }
}

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
    const candles = makeCandles(1_000_000);
    await cache.put(key, candles);
    expectSameBits(await cache.get(key), candles);
    const chunks = await store.db.selectFrom('candles').select('bars').where('symbol', '=', 'BTC/USDT').execute();
    expect(chunks.length).toBe(Math.ceil(1_000_000 / CHUNK_BARS));
  });

  it.each([0, 1, 6, 7, 8, 21, 22])('keeps %i bars across chunk boundaries (chunks of 7)', async (length) => {
    const cache = new StoreCandleCache(store, 7);
    const key = { source: 'csv', symbol: `S${length}`, timeframe: '1h' } as const;
    // Something older under the key must be replaced, not merged.
    await cache.put(key, makeCandles(30, 9));
    const candles = makeCandles(length, length + 2);
    await cache.put(key, candles);
    if (length === 0) expect(await cache.get(key)).toBeUndefined();
    else expectSameBits(await cache.get(key), candles);
  });

  it('keeps the default chunk boundary (chunk + 1 bars) and lists its keys', async () => {
    const cache = new StoreCandleCache(store);
    const key = { source: 'sandbox', symbol: 'SBX-EDGE', timeframe: '5m' } as const;
    const candles = makeCandles(CHUNK_BARS + 1, 3);
    await cache.put(key, candles);
    expectSameBits(await cache.get(key), candles);
    expect(await cache.get({ ...key, symbol: 'NONE' })).toBeUndefined();
    expect(await cache.list()).toContainEqual(key);
  });
});
