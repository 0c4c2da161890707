import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FleetError, pidAlive } from '../../../src/core/index.js';
import {
  type FleetUpNotice,
  readSupervisorRecord,
  removeSupervisorRecord,
  runningSupervisor,
  SUPERVISOR_FILE,
  stopFleet,
  superviseFleet,
  writeSupervisorRecord,
} from '../../../src/fleet/index.js';
import { acquireLease, registerBots, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { fleetProject, sandboxBot } from '../../helpers/fleet-project.js';
import { botDeclaration } from '../../helpers/trading-store.js';

/** A stand-in for `fleet run` or `fleet up`: says it is up, then exits 0 on SIGTERM (or ignores it). */
const STAND_IN = `
const ignore = process.argv.includes('--ignore-term');
process.on('SIGTERM', () => { if (!ignore) process.exit(0); });
console.log('up ' + process.argv.slice(2).join(' '));
setInterval(() => {}, 1000);
`;

function standInFile(dir: string): string {
  const file = join(dir, 'stand-in.cjs');
  writeFileSync(file, STAND_IN);
  return file;
}

/** A process that looks like a `fleet run` (what fleet down may signal), up once it has said so. */
async function standIn(dir: string, ...args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [standInFile(dir), '/opt/fleet/bin/fleet.js', 'run', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await once(child.stdout as NodeJS.ReadableStream, 'data');
  return child;
}

const project = () => mkdtempSync(join(tmpdir(), 'fleet-supervisor-'));

describe('the supervisor record', () => {
  it('is read back as written, counts only while its process lives, and is removed only by its owner', async () => {
    const cwd = project();
    expect(readSupervisorRecord(cwd)).toBeUndefined();
    await writeSupervisorRecord(cwd, { pid: process.pid, startedAt: '2026-12-05T10:00:00.000Z', bots: ['a', 'b'] });
    expect(existsSync(join(cwd, SUPERVISOR_FILE))).toBe(true);
    expect(runningSupervisor(cwd)).toEqual({
      pid: process.pid,
      startedAt: '2026-12-05T10:00:00.000Z',
      bots: ['a', 'b'],
    });

    removeSupervisorRecord(cwd, process.pid + 1); // not the owner: a newer supervisor's record stays
    expect(readSupervisorRecord(cwd)?.pid).toBe(process.pid);
    removeSupervisorRecord(cwd, process.pid);
    expect(readSupervisorRecord(cwd)).toBeUndefined();

    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(dead, 'exit');
    await writeSupervisorRecord(cwd, { pid: dead.pid as number, startedAt: null, bots: [] });
    expect(readSupervisorRecord(cwd)?.pid).toBe(dead.pid);
    expect(runningSupervisor(cwd)).toBeUndefined();

    writeFileSync(join(cwd, SUPERVISOR_FILE), '{"pid":');
    expect(readSupervisorRecord(cwd)).toBeUndefined();
  });
});

describe.runIf(process.platform === 'linux')('stopFleet (fleet down)', () => {
  const children: ChildProcess[] = [];
  const noDatabase = async () => {
    throw new Error('a project without a database has no runners to ask for');
  };
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(() => {
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('stops the running fleet up and waits until it has exited', async () => {
    const cwd = project();
    const up = await standIn(cwd);
    children.push(up);
    await writeSupervisorRecord(cwd, { pid: up.pid as number, startedAt: null, bots: ['a'] });
    const result = await stopFleet({ cwd, timeoutMs: 10_000, withStore: noDatabase });
    expect(result.supervisor).toEqual({ pid: up.pid, startedAt: null, bots: ['a'] });
    expect(pidAlive(up.pid as number)).toBe(false);
    expect(result.stopped).toEqual([]);
    expect(result.remote).toEqual([]);
  });

  it('finds nothing to stop in a project with no fleet up and no database', async () => {
    const result = await stopFleet({ cwd: project(), timeoutMs: 1000, withStore: noDatabase });
    expect(result).toMatchObject({ supervisor: undefined, stopped: [], remote: [] });
  });

  it('fails with a FleetError naming the pid when the fleet up does not stop in time', async () => {
    const cwd = project();
    const stubborn = await standIn(cwd, '--ignore-term');
    children.push(stubborn);
    await writeSupervisorRecord(cwd, { pid: stubborn.pid as number, startedAt: null, bots: [] });
    const failed = await stopFleet({ cwd, timeoutMs: 1000, withStore: noDatabase }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(FleetError);
    expect((failed as Error).message).toMatch(`fleet up (pid ${stubborn.pid}) did not stop within 1 s`);
    expect(pidAlive(stubborn.pid as number)).toBe(true);
  });
});

const backend = BACKENDS[BACKENDS.length - 1];

describe.runIf(process.platform === 'linux')(`stopFleet and superviseFleet on a ${backend} database`, () => {
  let database: TestDatabase;
  let store: Store;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await database?.cleanup();
  });
  const withStore = <T>(work: (store: Store) => Promise<T>) => work(store);

  it('registers the bots, runs a child per group with the supervisor named, records itself until stopped', async () => {
    const cwd = fleetProject({ bots: [sandboxBot('one'), sandboxBot('two'), sandboxBot('three')] });
    const lines: string[] = [];
    const notices: FleetUpNotice[] = [];
    const stop = new AbortController();
    let record: ReturnType<typeof readSupervisorRecord>;
    const result = await superviseFleet({
      store,
      cwd,
      command: process.execPath,
      baseArgs: [standInFile(cwd)],
      botsPerProcess: 2,
      speed: 60,
      dbWait: 5,
      json: false,
      signal: stop.signal,
      onLine: (label, stream, line) => {
        lines.push(`${label} ${stream} ${line}`);
        // Both children have started: the record is there to read, then the fleet is stopped.
        if (lines.length === 2) {
          record = readSupervisorRecord(cwd);
          stop.abort();
        }
      },
      onNotice: (notice) => notices.push(notice),
    });
    expect(notices).toEqual([{ kind: 'starting', bots: ['one', 'three', 'two'], processes: 2 }]);
    expect(record).toMatchObject({ pid: process.pid, bots: ['one', 'three', 'two'] });
    const supervisor = `--supervisor ${process.pid}`;
    expect(lines.sort()).toEqual([
      `one,three stdout up one three --paper --no-sync --wait --speed 60 --db-wait 5 ${supervisor}`,
      `two stdout up two --paper --no-sync --wait --speed 60 --db-wait 5 ${supervisor}`,
    ]);
    expect(result.outcomes.map((outcome) => [outcome.label, outcome.restarts, outcome.lastExitCode])).toEqual([
      ['one,three', 0, 0],
      ['two', 0, 0],
    ]);
    expect(readSupervisorRecord(cwd)).toBeUndefined();
  });

  it('stops the runners on this host the leases name and returns those on other hosts', async () => {
    const cwd = project();
    mkdirSync(join(cwd, '.fleet', 'db', 'pgdata'), { recursive: true }); // a database was created here
    await registerBots(store, [botDeclaration('by-hand'), botDeclaration('far')]);
    const runner = await standIn(cwd, 'by-hand', '--paper');
    children.push(runner);
    const pid = runner.pid as number;
    await acquireLease(store, 'by-hand', { owner: `${hostname()}:${pid}`, host: hostname(), pid, ttlMs: 60_000 });
    await acquireLease(store, 'far', { owner: 'elsewhere:4242', host: 'elsewhere', pid: 4242, ttlMs: 60_000 });

    const result = await stopFleet({ cwd, timeoutMs: 10_000, withStore });
    expect(result.supervisor).toBeUndefined();
    expect(result.stopped.map((r) => [r.pid, r.bots])).toEqual([[pid, ['by-hand']]]);
    expect(result.remote.map((r) => [r.host, r.bots])).toEqual([['elsewhere', ['far']]]);
    expect(pidAlive(pid)).toBe(false);
  });
});
