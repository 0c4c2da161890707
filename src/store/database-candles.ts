import { type DatabaseSource, useDatabaseCandleLoader } from '../data/index.js';
import { StoreCandleCache } from './candle-cache.js';
import { checkSchema } from './migrate.js';
import { openStore, type Store } from './store.js';

// One store per database this process reads candles from, opened on first use.
const opened = new Map<string, Promise<Store>>();

function storeFor(source: DatabaseSource): Promise<Store> {
  const where = `${source.url ?? ''}|${source.dir}`;
  let store = opened.get(where);
  if (!store) {
    store = openStore({ url: source.url, dir: source.dir }).then(async (s) => {
      try {
        await checkSchema(s);
      } catch (error) {
        // A refused schema must not leave the database open: an open embedded one keeps Node alive.
        await s.close().catch(() => {});
        throw error;
      }
      return s;
    });
    store.catch(() => opened.delete(where));
    opened.set(where, store);
  }
  return store;
}

/**
 * Lets this process (or thread) read `--source db` candles: registers the database reader with
 * src/data. Call `closeDatabaseCandles` before the process means to exit, since open connections
 * keep Node alive.
 */
export function readCandlesFromDatabase(): void {
  useDatabaseCandleLoader(async (source, key) => new StoreCandleCache(await storeFor(source)).get(key));
}

export async function closeDatabaseCandles(): Promise<void> {
  const stores = [...opened.values()];
  opened.clear();
  await Promise.allSettled(stores.map(async (store) => (await store).close()));
}

/** The database candle cache of a project, for writers (`fleet data import|fetch --cache db`). */
export async function openDatabaseCandleCache(options: { url?: string; dir?: string } = {}) {
  const store = await storeFor({ kind: 'database', source: '', url: options.url, dir: options.dir ?? '.fleet' });
  return new StoreCandleCache(store);
}
