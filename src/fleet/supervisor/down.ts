import { join } from 'node:path';
import { FleetError, pidAlive, sleep } from '../../core/index.js';
import { type Store, storeExists } from '../../store/index.js';
import { runningSupervisor, type SupervisorRecord } from './record.js';
import { describeRunners, type RunnerProcess, runnerProcesses, stopRunners } from './runners.js';

export interface FleetDownOptions {
  /** The project folder, where a running `fleet up` left its record. */
  readonly cwd: string;
  /** How long the whole stop may take; past it, what still runs is an error. */
  readonly timeoutMs: number;
  /**
   * Runs `work` on the project's database, opened and closed by the caller. Not called when the
   * project has no database yet (no server URL, no embedded one created): no runner can hold a lease.
   */
  readonly withStore: <T>(work: (store: Store) => Promise<T>) => Promise<T>;
}

export interface FleetDownResult {
  /** The `fleet up` that was running and is stopped now; undefined when none was. */
  readonly supervisor: SupervisorRecord | undefined;
  /** Other runners on this host that were stopped (left by a crashed `fleet up`, or started by hand). */
  readonly stopped: RunnerProcess[];
  /** Runners on other hosts holding leases here: they can only be stopped there. */
  readonly remote: RunnerProcess[];
  readonly seconds: number;
}

/**
 * `fleet down`'s work: stops a running `fleet up` in the project (SIGTERM, then waits for it to
 * exit), then every other runner the database knows of on this host. Throws a FleetError when
 * something is still running at the timeout; runners on other hosts are returned, not stopped.
 */
export async function stopFleet(options: FleetDownOptions): Promise<FleetDownResult> {
  const began = Date.now();
  const deadline = began + options.timeoutMs;
  const supervisor = runningSupervisor(options.cwd);
  if (supervisor !== undefined) {
    terminate(supervisor.pid);
    await waitForExit(supervisor.pid, options.timeoutMs);
  }
  const runners = storeExists({ dir: join(options.cwd, '.fleet') }) ? await options.withStore(runnerProcesses) : [];
  const stopped = runners.filter((runner) => runner.where === 'local');
  const alive = await stopRunners(stopped, Math.max(0, deadline - Date.now()));
  if (alive.length > 0) {
    throw new FleetError(
      `runner(s) did not stop within ${options.timeoutMs / 1000} s: ${describeRunners(alive)}; they may still be finishing a tick`,
    );
  }
  return {
    supervisor,
    stopped,
    remote: runners.filter((runner) => runner.where === 'remote'),
    seconds: (Date.now() - began) / 1000,
  };
}

function terminate(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch (error) {
    // Gone between the check and the signal: stopped all the same.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH')
      throw new FleetError(`cannot stop process ${pid}: ${(error as Error).message}`);
  }
}

/** Not a usage error when it expires: the flags were fine, the fleet is just still stopping. */
async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid)) {
    if (Date.now() > deadline) {
      throw new FleetError(
        `fleet up (pid ${pid}) did not stop within ${timeoutMs / 1000} s: its runners may still be finishing a tick; ` +
          'fleet down again makes it exit at once, without finishing',
      );
    }
    await sleep(200);
  }
}
