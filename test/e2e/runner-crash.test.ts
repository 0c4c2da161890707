import { afterAll, describe, expect, it } from 'vitest';
import { eventsOf } from '../../src/store/index.js';
import { BACKENDS } from '../helpers/databases.js';
import {
  BOT,
  cleanUpProjects,
  expectLedgerMatchesExchange,
  fillCount,
  holding,
  makeProject,
  mulberry32,
  sleep,
  startRunner,
  waitFor,
} from '../helpers/runner-process.js';

/**
 * Principle 4 as real processes: killed at any instruction (at random moments, and right after
 * each kind of write), a runner restarts without a duplicate or lost order, checked against the
 * sandbox exchange's own books in the same database.
 */
afterAll(cleanUpProjects);

describe.each(BACKENDS)('fleet run killed on %s', (backend) => {
  it('killed -9 at random moments over and over, it restarts without a duplicate or lost order', async () => {
    const project = await makeProject(backend);
    const random = mulberry32(backend === 'embedded' ? 4242 : 2424);
    const kills = 15;
    const points = ['order', 'sent', 'placed', 'fill', 'equity'];
    const startedCount = async () => (await eventsOf(project.store, { bot: BOT, kinds: ['started'] })).length;
    for (let i = 0; i < kills; i++) {
      const booted = await startedCount();
      if (i % 3 === 1) {
        // Every third life kills itself right after a chosen write: an order persisted, cleared to
        // go, answered by the broker, a fill, an equity point (the test-only crash hook).
        const at = `${points[Math.floor(random() * points.length)]}:${1 + Math.floor(random() * 3)}`;
        const hooked = startRunner(project, [], { ...project.env, FLEET_TEST_CRASH_AFTER: at });
        await waitFor(
          `runner ${i} to die after ${at}`,
          async () => hooked.child.signalCode !== null || hooked.child.exitCode !== null,
          90_000,
        );
        const exit = await hooked.exited;
        expect(exit.signal, `${at}: ${exit.stderr}`).toBe('SIGKILL');
        continue;
      }
      const runner = startRunner(project);
      // Of the others, one in two dies at a moment counted from its spawn, often still booting; the
      // rest at a moment counted from the end of their boot, so they die trading however slowly the
      // machine boots a process.
      if (i % 3 === 2) {
        await sleep(300 + Math.floor(random() * 2200));
      } else {
        await waitFor(
          `runner ${i} to boot`,
          async () => runner.child.exitCode !== null || (await startedCount()) > booted,
        );
        await sleep(200 + Math.floor(random() * 1800));
      }
      if (runner.child.exitCode !== null) {
        const early = await runner.exited;
        throw new Error(`runner ${i} exited on its own (${early.code}): ${early.stderr}`);
      }
      runner.child.kill('SIGKILL');
      const exit = await runner.exited;
      expect(exit.signal).toBe('SIGKILL');
    }
    const fillsBefore = await fillCount(project.store);
    expect(fillsBefore, 'the killed runners traded').toBeGreaterThan(0);
    // A last clean run, long enough to boot, catch up and trade, then a clean stop.
    const final = startRunner(project);
    await waitFor('the final runner to hold the lease', holding(project.store, final.child.pid));
    await waitFor('the final runner to trade', async () => {
      const fills = await fillCount(project.store);
      return fills > fillsBefore && fills >= 8;
    });
    final.child.kill('SIGTERM');
    const exit = await final.exited;
    expect(exit.code, exit.stderr).toBe(0);
    // Nobody halted on the way: no reconciliation mismatch after any of the kills.
    expect(await eventsOf(project.store, { bot: BOT, kinds: ['halted', 'halt_details'] })).toEqual([]);
    expect(await startedCount()).toBeGreaterThanOrEqual(10);
    await expectLedgerMatchesExchange(project.store, 8);
  }, 400_000);
});
