import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type pg from 'pg';
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

/**
 * Named locks a long-running holder keeps (a notifier holds one per channel), taken without
 * waiting and kept until released or the process dies: a SIGKILLed holder frees them as its server
 * session ends or its lock files name a dead pid. On a server they share ONE connection of their
 * own, however many (a connection each would drain the pool); on embedded they are the lock files
 * withLock uses.
 */
export interface LockSession {
  /** Takes the lock if it is free or already ours (true); false when another holds it. */
  tryHold(key: string): Promise<boolean>;
  /** Whether the lock is still ours (a server connection that dropped lost every lock). */
  holds(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
  /** Lets every lock go (and the connection). */
  close(): Promise<void>;
}

export function lockSession(store: Store): LockSession {
  const { pool, lockDir } = internalsOf(store);
  const held = new Set<string>();
  if (lockDir !== undefined) {
    const path = (key: string) => join(lockDir, lockFileName(key));
    return {
      async tryHold(key) {
        if (held.has(key)) return true;
        if (!tryLock(path(key))) return false;
        held.add(key);
        return true;
      },
      holds: async (key) => held.has(key) && readPid(path(key)) === process.pid,
      async release(key) {
        if (held.delete(key)) unlock(path(key));
      },
      async close() {
        for (const key of held) unlock(path(key));
        held.clear();
      },
    };
  }
  let client: pg.PoolClient | undefined;
  // One connection even when two callers ask at once.
  let connecting: Promise<pg.PoolClient> | undefined;
  const connection = async () => {
    connecting ??= pool.connect();
    client = await connecting;
    return client;
  };
  // The session's locks end with its connection: destroying it is how they all go at once.
  const drop = () => {
    client?.release(true);
    client = undefined;
    connecting = undefined;
    held.clear();
  };
  return {
    async tryHold(key) {
      if (held.has(key)) return true;
      const session = await connection();
      try {
        const result = await session.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [key]);
        if ((result.rows[0] as { got?: boolean } | undefined)?.got !== true) return false;
      } catch (error) {
        drop();
        throw error;
      }
      held.add(key);
      return true;
    },
    async holds(key) {
      if (!held.has(key) || client === undefined) return false;
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        drop();
        return false;
      }
    },
    async release(key) {
      if (!held.delete(key) || client === undefined) return;
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(drop);
    },
    async close() {
      // Unlocked before the connection goes: the server frees a dropped session's locks only once
      // its backend has noticed the disconnect, which a caller taking a lock next could beat.
      if (client !== undefined && held.size > 0) await client.query('SELECT pg_advisory_unlock_all()').catch(() => {});
      drop();
    },
  };
}

/** A readable, collision-free file name for any key. */
function lockFileName(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${readable}-${hash}.lock`;
}
