import type { CandleKey, Candles } from '../core/index.js';

/** Where a database source's bars live: plain data, so a worker thread can reopen it. */
export interface DatabaseSource {
  readonly kind: 'database';
  /** The cache source the bars were stored under (`csv`, an exchange id). */
  readonly source: string;
  /** A Postgres URL; the project's embedded database when absent. */
  readonly url?: string;
  /** The project state folder holding the embedded database (default `.fleet`). */
  readonly dir: string;
  /** The venue whose sessions the bars keep (see sourceVenue). */
  readonly venue?: string;
}

export type DatabaseCandleLoader = (source: DatabaseSource, key: CandleKey) => Promise<Candles | undefined>;

let databaseLoader: DatabaseCandleLoader | undefined;

/**
 * The database lives two layers up (src/store), so data cannot open it; the store hands its
 * reader in here, in every process and thread that reads candles from the database.
 */
export function useDatabaseCandleLoader(loader: DatabaseCandleLoader): void {
  databaseLoader = loader;
}

export function databaseCandleLoader(): DatabaseCandleLoader | undefined {
  return databaseLoader;
}
