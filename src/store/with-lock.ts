import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { lock, unlock } from './lock-file.js';
import { internalsOf, type Store } from './store.js';

/**
 * Runs `fn` while holding a named lock that every process using the store respects. On a server it
 * is a session advisory lock on a connection of its own; on embedded every client shares the
 * owner's one session (advisory locks there are re-entrant, so they exclude nobody), so the lock is
 * an exclusive file under `.fleet/db/locks/` instead. Not re-entrant: do not nest one key.
 */
export async function withLock<T>(store: Store, key: string, fn: () => Promise<T>): Promise<T> {
  const { pool, lockDir } = internalsOf(store);
  if (lockDir !== undefined) {
    const path = join(lockDir, lockFileName(key));
    await lock(path, `the lock "${key}"`);
    try {
      return await fn();
    } finally {
      unlock(path);
    }
  }
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A connection that could not unlock still holds the lock: destroy it rather than reuse it.
    client.release(broken);
  }
}

/** A readable, collision-free file name for any key. */
function lockFileName(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${readable}-${hash}.lock`;
}
