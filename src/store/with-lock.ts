import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { lock, readPid, tryLock, unlock } from './lock-file.js';
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

/** A lock held until released: for a long-running holder (one active notifier per channel). */
export interface HeldLock {
  /** Whether it is still held (a server connection that dropped has lost it). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Takes the named lock withLock uses if it is free, without waiting, and keeps it until released
 * or the process dies (a SIGKILLed holder frees it: its server session ends, or its lock file
 * names a dead pid). Undefined when another holds it.
 */
export async function tryHoldLock(store: Store, key: string): Promise<HeldLock | undefined> {
  const { pool, lockDir } = internalsOf(store);
  if (lockDir !== undefined) {
    const path = join(lockDir, lockFileName(key));
    if (!tryLock(path)) return undefined;
    let released = false;
    return {
      held: async () => !released && readPid(path) === process.pid,
      release: async () => {
        if (released) return;
        released = true;
        unlock(path);
      },
    };
  }
  const client = await pool.connect();
  let got = false;
  try {
    const result = await client.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [key]);
    got = (result.rows[0] as { got?: boolean } | undefined)?.got === true;
  } finally {
    if (!got) client.release();
  }
  if (!got) return undefined;
  let state: 'held' | 'lost' | 'released' = 'held';
  return {
    held: async () => {
      if (state !== 'held') return false;
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        // The session is gone, and the lock with it.
        state = 'lost';
        client.release(true);
        return false;
      }
    },
    release: async () => {
      if (state !== 'held') return;
      state = 'released';
      let broken = false;
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => {
        broken = true;
      });
      client.release(broken);
    },
  };
}

/** A readable, collision-free file name for any key. */
function lockFileName(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${readable}-${hash}.lock`;
}
