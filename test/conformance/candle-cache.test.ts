import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCandleCache, MemoryCandleCache } from '../../src/data/index.js';
import { StoreCandleCache } from '../../src/store/index.js';
import { describeCandleCacheConformance } from '../../src/testing/index.js';
import { BACKENDS } from '../helpers/databases.js';
import { sharedTestDatabase } from '../helpers/shared-database.js';

// Every CandleCache through the one contract (src/testing/candle-cache-conformance.ts).

describeCandleCacheConformance('FileCandleCache', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fleet-cache-'));
  return {
    cache: new FileCandleCache(dir),
    reopen: async () => new FileCandleCache(dir),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describeCandleCacheConformance('MemoryCandleCache', async () => {
  const cache = new MemoryCandleCache();
  return { cache, reopen: async () => cache };
});

for (const backend of BACKENDS) {
  const database = sharedTestDatabase(backend, ['candles']);
  describeCandleCacheConformance(`StoreCandleCache on ${backend}`, async () => {
    const { stores, clear } = await database();
    return {
      cache: new StoreCandleCache(stores[0]),
      // A second store on the same database: a later process reading the cache.
      reopen: async () => new StoreCandleCache(stores[1]),
      close: clear,
    };
  });
}
