import { copyFileSync, cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { fleet, spawnFleet } from '../helpers/cli.js';
import {
  BACKENDS,
  type BackendName,
  createTestDatabase,
  embeddedTemplate,
  type TestDatabase,
} from '../helpers/databases.js';
import { until } from '../helpers/until.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A project folder whose database is a fresh one of this backend, not yet migrated. */
async function project(
  backend: BackendName,
): Promise<{ dir: string; spec: string; env: Record<string, string>; db?: TestDatabase }> {
  const dir = mkdtempSync(join(tmpdir(), `fleet-study-${backend}-`));
  const spec = join(dir, 'ema-cross.json');
  copyFileSync('examples/specs/ema-cross.json', spec);
  if (backend === 'embedded') {
    mkdirSync(join(dir, '.fleet', 'db'), { recursive: true });
    cpSync(await embeddedTemplate(), join(dir, '.fleet', 'db', 'pgdata'), { recursive: true });
    return { dir, spec, env: {} };
  }
  const db = await createTestDatabase('server', { schema: 'empty' });
  cleanups.push(() => db.cleanup());
  return { dir, spec, env: { DATABASE_URL: db.url as string }, db };
}

const optimiseArgs = (spec: string, trials: number) => [
  'optimise',
  spec,
  '--study',
  'shared',
  '--symbols',
  'SBX-CYCLE',
  '--trials',
  String(trials),
  '--bars',
  '5000',
  '--workers',
  '1',
  '--no-write',
  '--json',
];

describe.each(BACKENDS)('fleet optimise --study on the %s database', (backend) => {
  it('refuses a stale schema, resumes a study, and (on a server) shares it between two processes', async () => {
    const { dir, spec, env } = await project(backend);
    const stale = await fleet(optimiseArgs(spec, 6), { cwd: dir, env });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('run fleet migrate');
    expect((await fleet(['migrate'], { cwd: dir, env })).exitCode).toBe(0);

    const first = await fleet(optimiseArgs(spec, 6), { cwd: dir, env });
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout).instruments[0].trials).toBe(6);

    const resumed = await fleet(optimiseArgs(spec, 10), { cwd: dir, env });
    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout).instruments[0].trials).toBe(10);
    // Sharing one study between processes needs a server: an embedded database lives only as long
    // as the process that owns it (see docs/storage.md).
    if (backend === 'embedded') return;

    // Two processes on one study at once, proven to overlap by what the database holds rather
    // than by timing: A runs a long study, B joins once A has recorded trials of its own, and both
    // are stopped once B has recorded some too. Whatever the interleaving, the numbers are one
    // sequence with no gap and no duplicate.
    const url = env.DATABASE_URL;
    const store = await openStore({ url, dir: join(dir, '.fleet') });
    const rows = () =>
      store.db
        .selectFrom('trials')
        .select(['number', 'worker', 'state'])
        .where('study', '=', 'shared/SBX-CYCLE/sharpe')
        .orderBy('number')
        .execute();
    const workersPast = async (n: number) => new Set((await rows()).slice(n).map((r) => r.worker));
    const childEnv = { ...process.env, CI: 'true', NO_COLOR: '1', ...env };
    const a = spawnFleet(optimiseArgs(spec, 5000), { cwd: dir, env: childEnv });
    const b = await (async () => {
      try {
        await until(
          'A to record trials of its own',
          async () => ((await workersPast(10)).size === 1 ? true : undefined),
          60_000,
          100,
        );
        const joined = spawnFleet(optimiseArgs(spec, 5000), { cwd: dir, env: childEnv });
        await until(
          'B to record trials too',
          async () => ((await workersPast(10)).size === 2 ? true : undefined),
          60_000,
          100,
        );
        return joined;
      } finally {
        a.child.kill('SIGKILL');
      }
    })();
    b.child.kill('SIGKILL');
    await Promise.all([a.exited, b.exited]);
    try {
      const all = await rows();
      expect(all.map((r) => r.number)).toEqual(all.map((_, i) => i));
      expect(new Set(all.slice(10).map((r) => r.worker)).size).toBe(2);
      expect(all.slice(0, 10).every((r) => r.state === 'complete')).toBe(true);
    } finally {
      await store.close();
    }
  }, 180_000);
});
