import { type DatabaseSource, useDatabaseCandleLoader } from '../data/index.js';
import { StoreCandleCache } from './candle-cache.js';
import { checkSchema, readySchema } from './migrate.js';
import { openStore, type Store } from './store.js';

// One store per database this process reads candles from, opened on first use.
const opened = new Map<string, Promise<Store>>();

/** `prepare` runs once, when the store is opened: readers check the schema, writers ready it. */
function storeFor(source: DatabaseSource, prepare: (store: Store) => Promise<unknown> = checkSchema): Promise<Store> {
  const where = `${source.url ?? ''}|${source.dir}`;
  let store = opened.get(where);
  if (!store) {
    store = openStore({ url: source.url, dir: source.dir }).then(async (s) => {
      try {
        await prepare(s);
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

/**
 * The database candle cache of a project, for writers (`fleet data import|fetch --cache db`). Its
 * schema is made ready as by `readySchema`: the embedded database migrates itself (`onMigrated`
 * hears what was applied), a stale server is refused.
 */
export async function openDatabaseCandleCache(
  options: { url?: string; dir?: string; onMigrated?: (applied: readonly string[]) => void } = {},
) {
  const source = { kind: 'database', source: '', url: options.url, dir: options.dir ?? '.fleet' } as const;
  const store = await storeFor(source, async (s) => {
    const { applied } = await readySchema(s);
    if (applied.length > 0) options.onMigrated?.(applied);
  });
  return new StoreCandleCache(store);
}
