import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FleetError, pidAlive, sleep } from '../core/index.js';

/**
 * Cross-process mutual exclusion with plain files, for the embedded database where Postgres locks
 * cannot help (every client shares the owner's one session). A lock is a file holding the holder's
 * pid, created atomically with link(2) so nobody ever sees it half-written; a lock whose pid is dead
 * is stale and taken over under a second, short-lived `.takeover` lock so two takers cannot both win.
 * Not re-entrant: the same process asking twice waits for itself.
 */

export function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Creates `path` holding our pid, or returns false if it exists. */
function createExclusive(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, String(process.pid));
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function removeIfHeldBy(path: string, pid: number | undefined): void {
  if (readPid(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** One attempt: true when we now hold the lock. */
export function tryLock(path: string): boolean {
  if (createExclusive(path)) return true;
  const holder = readPid(path);
  if (holder !== undefined && pidAlive(holder)) return false;
  // Stale (dead holder). Take it over only while holding `.takeover`, re-checking under it.
  const takeover = `${path}.takeover`;
  if (!createExclusive(takeover)) {
    const taker = readPid(takeover);
    if (taker !== undefined && !pidAlive(taker)) removeIfHeldBy(takeover, taker);
    return false;
  }
  try {
    const again = readPid(path);
    if (again === undefined || !pidAlive(again)) removeIfHeldBy(path, again);
    return createExclusive(path);
  } finally {
    removeIfHeldBy(takeover, process.pid);
  }
}

export function unlock(path: string): void {
  removeIfHeldBy(path, process.pid);
}

/** Waits (polling with backoff up to 250 ms) until the lock is ours, or fails after `timeoutMs`. */
export async function lock(path: string, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let wait = 10;
  while (!tryLock(path)) {
    if (Date.now() > deadline)
      throw new FleetError(`timed out waiting for ${what} (held by process ${readPid(path) ?? 'unknown'})`);
    await sleep(wait);
    wait = Math.min(wait * 2, 250);
  }
}
