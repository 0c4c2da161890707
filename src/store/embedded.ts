import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { FleetError, type Progress, pidAlive, sleep, writeFileAtomic } from '../core/index.js';
import { readPid, tryLock, unlock } from './lock-file.js';
import { keepExchangesWhole } from './socket-queue.js';

/**
 * The embedded database, shared by a project's processes. PGlite is one session in one process,
 * and two processes opening one data folder corrupt it silently, so exactly one OWNER process
 * (holding `owner.lock`) opens PGlite and serves it over the Postgres wire protocol on 127.0.0.1;
 * every other process, and the owner itself, talks to it with `pg` through that socket. The socket
 * server runs a transaction's statements only for the connection that began it, so transactions of
 * different connections do not interleave (the owner going through the socket too keeps it so).
 */

export interface OwnerRecord {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
}

export interface EmbeddedHandle {
  readonly role: 'owner' | 'client';
  readonly host: string;
  readonly port: number;
  /** Stops serving and frees the folder (owner); nothing for a client. */
  readonly release: () => Promise<void>;
}

export const dataDir = (dbDir: string) => join(dbDir, 'pgdata');
export const ownerLockPath = (dbDir: string) => join(dbDir, 'owner.lock');
export const ownerFilePath = (dbDir: string) => join(dbDir, 'owner.json');

export function readOwner(dbDir: string): OwnerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(ownerFilePath(dbDir), 'utf8')) as OwnerRecord;
    return Number.isInteger(record.pid) && Number.isInteger(record.port) ? record : undefined;
  } catch {
    return undefined;
  }
}

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function liveOwner(dbDir: string): Promise<OwnerRecord | undefined> {
  const owner = readOwner(dbDir);
  if (owner === undefined || !pidAlive(owner.pid)) return undefined;
  return (await portAnswers(owner.host, owner.port)) ? owner : undefined;
}

/** Connects to the live owner of `dbDir`, or becomes it. */
export async function openEmbedded(dbDir: string, onProgress?: Progress, timeoutMs = 120_000): Promise<EmbeddedHandle> {
  expectFolder(dbDir);
  mkdirSync(dbDir, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let wait = 20;
  for (;;) {
    const owner = await liveOwner(dbDir);
    if (owner !== undefined) return { role: 'client', host: owner.host, port: owner.port, release: async () => {} };
    if (tryLock(ownerLockPath(dbDir))) {
      try {
        return await serve(dbDir, onProgress);
      } catch (error) {
        unlock(ownerLockPath(dbDir));
        throw error;
      }
    }
    // Another process holds the lock: it is starting up (creating the database takes seconds).
    if (Date.now() > deadline) {
      const holder = readPid(ownerLockPath(dbDir));
      throw new FleetError(
        `the embedded database in ${dbDir} is held by process ${holder ?? 'unknown'}, which does not answer`,
      );
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 250);
  }
}

/** PGlite reports a file where its folder should be as a bare `{ errno }` object: say it plainly. */
function expectFolder(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isDirectory()) {
    throw new FleetError(`${path} is a file, expected the database folder`);
  }
}

/** How long PGlite may take to open a database, to create one, and to close. */
const START_MS = 60_000;
const CREATE_MS = 180_000;
const CLOSE_MS = 15_000;

/**
 * Waits for `work`, or calls `onTimeout` after `ms`. PGlite's start and close have been seen,
 * rarely and under heavy load, never to settle with nothing left on the event loop: the process
 * then ended mid-command (Node's exit 13). The timer bounds that wait and keeps the process alive
 * through it.
 */
async function bounded<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function serve(dbDir: string, onProgress?: Progress): Promise<EmbeddedHandle> {
  expectFolder(dataDir(dbDir));
  // Loaded here so a server-only process never pays for the wasm module.
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
  ]);
  const data = dataDir(dbDir);
  const creating = !existsSync(join(data, 'PG_VERSION'));
  const label = 'creating the embedded database';
  if (creating) onProgress?.({ done: 0, total: 1, label });
  const pglite = new PGlite(data);
  const startMs = creating ? CREATE_MS : START_MS;
  await bounded(pglite.waitReady, startMs, () => {
    throw new FleetError(`the embedded database in ${dbDir} did not start within ${startMs / 1000} s`);
  });
  if (creating) onProgress?.({ done: 1, total: 1, label });
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 256 });
  keepExchangesWhole(server);
  try {
    await server.start();
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());
  const record: OwnerRecord = { pid: process.pid, host: '127.0.0.1', port };
  await writeFileAtomic(ownerFilePath(dbDir), `${JSON.stringify(record)}\n`);
  let released = false;
  return {
    role: 'owner',
    host: record.host,
    port,
    release: async () => {
      if (released) return;
      released = true;
      // Unpublish first so no new client connects to a server about to stop.
      if (readOwner(dbDir)?.pid === process.pid) rmSync(ownerFilePath(dbDir), { force: true });
      try {
        await bounded(server.stop(), CLOSE_MS, () => {});
        // Past the bound, what was committed is in the write-ahead log already: the next owner's
        // start replays it, as after a crash, rather than this process never ending.
        await bounded(pglite.close(), CLOSE_MS, () => {});
      } finally {
        unlock(ownerLockPath(dbDir));
      }
    },
  };
}
