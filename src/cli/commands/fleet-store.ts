import { hostname, userInfo } from 'node:os';
import { checkSchema, openStore, type Store } from '../../store/index.js';

/**
 * Opens the project's database (DATABASE_URL, or the embedded one under .fleet), refuses a schema
 * that is not this fleet's ("run fleet migrate"), runs `work`, and closes the store.
 */
export async function withFleetStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore();
  try {
    await checkSchema(store);
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Who is acting, for the audit trail: user@host. */
export function actor(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep $USER.
  }
  return `${user}@${hostname()}`;
}
