import { afterAll, describe, expect, it } from 'vitest';
import { eventsOf, readRuntime } from '../../src/store/index.js';
import { botSnapshot } from '../helpers/bot-snapshot.js';
import { BACKENDS } from '../helpers/databases.js';
import {
  BOT,
  cleanUpProjects,
  expectLedgerMatchesExchange,
  makeProject,
  mulberry32,
  startRunner,
  stopped,
  waitFor,
} from '../helpers/runner-process.js';

/**
 * Fencing as real processes: a runner frozen (a real SIGSTOP) past its lease, taken over, then
 * thawed, writes nothing (docs/runner.md, Fencing). Its own file, so it runs beside the others.
 */
afterAll(cleanUpProjects);

describe.each(BACKENDS)('a fenced runner on %s', (backend) => {
  it('a runner frozen past its lease and taken over writes nothing when it thaws, and exits with one line', async () => {
    const project = await makeProject(backend);
    const random = mulberry32(backend === 'embedded' ? 1111 : 2222);
    // A short lease, so a frozen runner loses it in seconds (renewed every third of it).
    const env = { ...project.env, FLEET_LEASE_TTL_MS: '1500' };
    const points = ['order', 'sent', 'placed', 'fill', 'equity'];
    // Each write point twice per backend (which occurrence of it is seeded): the freeze lands
    // before every kind of write, and the file stays about a minute per backend.
    const trials = 2 * points.length;
    const startedCount = async () => (await eventsOf(project.store, { bot: BOT, kinds: ['started'] })).length;
    for (let trial = 0; trial < trials; trial++) {
      // Runner A stops itself (a real SIGSTOP) right before a write, outside any transaction.
      const point = points[trial % points.length];
      const freeze = `${point}:${1 + Math.floor(random() * 3)}`;
      const a = startRunner(project, [], { ...env, FLEET_TEST_FREEZE_BEFORE: freeze });
      const pid = a.child.pid as number;
      await waitFor(
        `runner A to freeze before ${freeze}`,
        async () => stopped(pid) || a.child.exitCode !== null,
        60_000,
      );
      expect(a.child.exitCode, `A exited before ${freeze}: ${a.stderr()}`).toBeNull();
      // Runner B waits for the lease, takes it over once it runs out, boots (reconciling), stops.
      const booted = await startedCount();
      const b = startRunner(project, ['--wait'], env);
      await waitFor('runner B to take over', async () => (await startedCount()) > booted, 60_000);
      b.child.kill('SIGTERM');
      const bExit = await b.exited;
      expect(bExit.code, bExit.stderr).toBe(0);
      const before = await botSnapshot(project.store, BOT);
      // A thaws in the middle of its write.
      a.child.kill('SIGCONT');
      const aExit = await a.exited;
      expect(await botSnapshot(project.store, BOT), `trial ${trial} (${freeze}): A wrote after the takeover`).toEqual(
        before,
      );
      expect(aExit.code, aExit.stderr).toBe(1);
      const lines = aExit.stderr.split('\n').filter((line) => line.includes('taken over by another runner'));
      expect(lines, aExit.stderr).toHaveLength(1);
      expect((await readRuntime(project.store, BOT))?.leaseOwner).toBeNull();
    }
    // Every takeover was told by the runner that took over, and nobody halted the bot.
    const takeovers = await eventsOf(project.store, { bot: BOT, kinds: ['lease_taken_over'] });
    expect(takeovers).toHaveLength(trials);
    expect(await eventsOf(project.store, { bot: BOT, kinds: ['halted'] })).toEqual([]);
    await expectLedgerMatchesExchange(project.store, 2);
  }, 600_000);
});
