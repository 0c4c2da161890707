import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pidAlive } from '../../../src/core/index.js';
import { isOrphan, runnerProcesses, stopRunners } from '../../../src/fleet/index.js';
import { acquireLease, registerBots, type Store } from '../../../src/store/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

/** A process whose command line reads like a `fleet run` (what fleet down may signal). */
const lookalike = (...args: string[]) =>
  spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '/opt/fleet/bin/fleet.js', 'run', ...args], {
    stdio: 'ignore',
  });

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

describe.runIf(process.platform === 'linux')('the runners the leases name', () => {
  let database: TestDatabase;
  let store: Store;
  const children: ReturnType<typeof spawn>[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('embedded');
    store = await database.open();
    await registerBots(
      store,
      ['orphaned', 'supervised', 'gone', 'reused', 'remote', 'shared'].map((name) => botDeclaration(name)),
    );
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await database?.cleanup();
  });

  it('tells a runner here from a dead one, a reused pid and one on another host, and stops the live ones', async () => {
    const orphan = lookalike('orphaned', '--paper', '--supervisor', String(await deadPid()));
    const supervised = lookalike('supervised', 'shared', '--paper', '--supervisor', String(process.pid));
    const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(orphan, supervised, unrelated);
    const lease = (bot: string, pid: number, host = hostname()) =>
      acquireLease(store, bot, { owner: `${host}:${pid}`, host, pid, ttlMs: 60_000 });
    await lease('orphaned', orphan.pid as number);
    await lease('supervised', supervised.pid as number);
    await lease('shared', supervised.pid as number);
    await lease('gone', await deadPid());
    await lease('reused', unrelated.pid as number);
    await lease('remote', 4242, 'elsewhere');

    const runners = await runnerProcesses(store);
    const where = Object.fromEntries(runners.map((runner) => [runner.bots.join('+'), runner.where]));
    expect(where).toEqual({
      orphaned: 'local',
      'shared+supervised': 'local',
      gone: 'dead',
      reused: 'other',
      remote: 'remote',
    });
    expect(runners.filter(isOrphan).map((runner) => runner.bots)).toEqual([['orphaned']]);

    expect(await stopRunners(runners, 10_000)).toEqual([]);
    expect(pidAlive(orphan.pid as number)).toBe(false);
    expect(pidAlive(supervised.pid as number)).toBe(false);
    expect(pidAlive(unrelated.pid as number)).toBe(true); // a reused pid is never signalled
  });
});
