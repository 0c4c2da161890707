import { hostname } from 'node:os';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSampler, runStudyLoop } from '../../../src/optimise/index.js';
import { StoreStudyStorage } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

describe.each(BACKENDS)('trials a crashed process left running, on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('are marked failed when their process is gone or their lease ran out, and the study goes on', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const study = { name: 'crashed' };
    // A pid that cannot be alive, on this machine; this live process; another machine, long ago.
    const dead = new StoreStudyStorage(store, { worker: `${hostname()}:2147483646` });
    const live = new StoreStudyStorage(store);
    const elsewhere = new StoreStudyStorage(store, { worker: 'other-host:42' });
    await dead.startTrial(study, { x: 0.1 });
    await live.startTrial(study, { x: 0.2 });
    await elsewhere.startTrial(study, { x: 0.3 });
    await elsewhere.startTrial(study, { x: 0.4 });
    await sql`UPDATE trials SET started_at = now() - interval '7 hours' WHERE number = 2`.execute(store.db);

    expect(await live.abandonStale(study)).toBe(2);
    const states = (await live.trials(study)).map((t) => [t.number, t.state, t.error ?? '']);
    expect(states).toEqual([
      [0, 'failed', expect.stringContaining('is gone')],
      [1, 'running', ''],
      [2, 'failed', expect.stringContaining('over 360 minutes')],
      [3, 'running', ''],
    ]);

    // A study loop starting on this storage abandons first, then completes its trials.
    await live.finishTrial(study, 1, { state: 'complete', value: 1 });
    const trials = await runStudyLoop({
      study,
      storage: live,
      sampler: createSampler('random', { seed: 1 }),
      space: { x: { kind: 'float', low: 0, high: 1, log: false } },
      trials: 6,
      window: 1,
      feasible: () => true,
      evaluate: async (p) => ({ ok: true, value: { value: p.x as number, metrics: {} as never, durationMs: 0 } }),
    });
    expect(trials.filter((t) => t.state !== 'running')).toHaveLength(6);
  });
});
