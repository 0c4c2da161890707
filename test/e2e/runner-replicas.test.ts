import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRuntime, type Store } from '../../src/store/index.js';
import { fleet, type RunningFleet, spawnFleet } from '../helpers/cli.js';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../helpers/databases.js';
import { until } from '../helpers/until.js';

/**
 * Replicas of the runners (compose `deploy.replicas`, a Kubernetes Deployment's `replicas`): each
 * is a `fleet up` in its own copy of the project on one Postgres server. The bot's lease lets one
 * trade it; the other's child waits for it and takes it over when the first replica dies.
 */

let db: TestDatabase;
let replicas: string[];
const running: RunningFleet[] = [];
beforeAll(async () => {
  if (SERVER_URL === undefined) return;
  const cwd = mkdtempSync(join(tmpdir(), 'fleet-replicas-'));
  const r = await fleet(['new', 'desk', '--yes'], { cwd });
  expect(r.exitCode, r.stderr).toBe(0);
  replicas = ['a', 'b'].map((name) => {
    cpSync(join(cwd, 'desk'), join(cwd, name), { recursive: true });
    return join(cwd, name);
  });
  db = await createTestDatabase('server', { schema: 'empty' });
});
afterAll(async () => {
  for (const up of running) {
    try {
      process.kill(-(up.child.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await db?.cleanup();
});

function startReplica(dir: string): RunningFleet {
  const up = spawnFleet(['up', '--bots-per-process', '10'], {
    cwd: dir,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', DATABASE_URL: db.url },
    detached: true,
  });
  running.push(up);
  return up;
}

const holder = (store: Store) => async () => {
  const runtime = await readRuntime(store, 'ema-cross-sandbox');
  return runtime?.status === 'running' && runtime.leasePid !== null ? runtime.leasePid : undefined;
};

describe.skipIf(SERVER_URL === undefined)('runner replicas', () => {
  it('the second replica stands by for the bot and takes it over when the first dies', async () => {
    const migrate = await fleet(['migrate'], { env: { DATABASE_URL: db.url as string } });
    expect(migrate.exitCode, migrate.stderr).toBe(0);
    const store = await db.open({ migrated: false });
    const first = startReplica(replicas[0]);
    const firstRunner = await until('the first replica to run the bot', holder(store));
    const second = startReplica(replicas[1]);
    await until('the second replica to wait for the bot', async () =>
      /ema-cross-sandbox.*; waiting/.test(second.stderr()) ? true : undefined,
    );
    expect(await holder(store)()).toBe(firstRunner);

    // The first replica's machine goes away: its supervisor and children die at once.
    process.kill(-(first.child.pid as number), 'SIGKILL');
    const taken = await until('the second replica to take the bot over', async () => {
      const pid = await holder(store)();
      return pid !== undefined && pid !== firstRunner ? pid : undefined;
    });
    expect(taken).not.toBe(firstRunner);

    process.kill(-(second.child.pid as number), 'SIGTERM');
    const exit = await second.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect((await readRuntime(store, 'ema-cross-sandbox'))?.leasePid ?? null).toBeNull();
  }, 120_000);
});
