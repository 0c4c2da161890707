import { afterAll } from 'vitest';
import type { Database, Store } from '../../src/store/index.js';
import { type BackendName, createTestDatabase, type TestDatabase } from './databases.js';

/**
 * One test database for a whole file's conformance cases on `backend`, emptied of `tables` after
 * each case: creating a database per case would cost a PGlite start each time. Gives two stores on
 * it, the second standing for another process.
 */
export function sharedTestDatabase(
  backend: BackendName,
  tables: readonly (keyof Database)[],
): () => Promise<{ stores: readonly [Store, Store]; clear(): Promise<void> }> {
  let database: TestDatabase | undefined;
  let stores: [Store, Store] | undefined;
  afterAll(() => database?.cleanup());
  return async () => {
    database ??= await createTestDatabase(backend);
    stores ??= [await database.open(), await database.open({ migrated: false })];
    const [store] = stores;
    return {
      stores,
      async clear() {
        for (const table of tables) await store.db.deleteFrom(table).execute();
      },
    };
  };
}
