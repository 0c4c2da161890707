import { copyFileSync, cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { fleet } from '../helpers/cli.js';
import {
  BACKENDS,
  type BackendName,
  createTestDatabase,
  embeddedTemplate,
  type TestDatabase,
} from '../helpers/databases.js';

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
  const db = await createTestDatabase('server');
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

    // Two processes at once, each asked for 60 trials of the same study: together they make
    // about 60 (up to one proposal window, 4, more while the other's last are in flight). Fifty
    // new trials, so that one process cannot have done them all before the other starts.
    const [a, b] = await Promise.all([
      fleet(optimiseArgs(spec, 60), { cwd: dir, env }),
      fleet(optimiseArgs(spec, 60), { cwd: dir, env }),
    ]);
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);

    const store = await openStore({ url: env.DATABASE_URL, dir: join(dir, '.fleet') });
    try {
      const rows = await store.db
        .selectFrom('trials')
        .select(['number', 'worker', 'state'])
        .where('study', '=', 'shared/SBX-CYCLE/sharpe')
        .orderBy('number')
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(60);
      expect(rows.length).toBeLessThanOrEqual(64);
      expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i));
      expect(new Set(rows.slice(10).map((r) => r.worker)).size).toBe(2);
      expect(rows.every((r) => r.state === 'complete')).toBe(true);
    } finally {
      await store.close();
    }
  }, 180_000);
});
