import { hostname } from 'node:os';
import { pidAlive, processArgs, sleep } from '../../core/index.js';
import { HEARTBEAT_INTERVAL_MS } from '../../runner/index.js';
import { alertStaleRunners, heldLeases, type StaleRunner, type Store } from '../../store/index.js';

/** A heartbeat older than this (three heartbeat intervals) says the runner has died or hangs. */
export const STALE_HEARTBEAT_MS = 3 * HEARTBEAT_INTERVAL_MS;

/**
 * Records one `heartbeat_stale` alert per bot whose runner says running but has not beaten for
 * STALE_HEARTBEAT_MS, once per staleness however often it is called; returns the bots alerted now.
 */
export function alertStaleHeartbeats(store: Store): Promise<StaleRunner[]> {
  return alertStaleRunners(store, STALE_HEARTBEAT_MS);
}

/**
 * One process that holds leases, as the database names it (host and pid), and what this host can
 * tell of it: `local` is a live `fleet run` here, `dead` a process here that is gone, `other` a
 * live process here that is not a runner (its pid was reused), `remote` one on another host.
 */
export interface RunnerProcess {
  readonly owner: string;
  readonly host: string | null;
  readonly pid: number | null;
  readonly bots: string[];
  readonly where: 'local' | 'dead' | 'other' | 'remote';
  /** For a local runner started by `fleet up`: the supervisor's pid (from its `--supervisor`). */
  readonly supervisor?: number;
}

/** Every process that holds a lease in the project's database, grouped by owner. */
export async function runnerProcesses(store: Store): Promise<RunnerProcess[]> {
  const byOwner = new Map<string, { host: string | null; pid: number | null; bots: string[] }>();
  for (const lease of await heldLeases(store)) {
    const entry = byOwner.get(lease.owner) ?? { host: lease.host, pid: lease.pid, bots: [] };
    entry.bots.push(lease.bot);
    byOwner.set(lease.owner, entry);
  }
  return [...byOwner].map(([owner, entry]) => ({ owner, ...entry, ...whereIs(entry.host, entry.pid) }));
}

function whereIs(host: string | null, pid: number | null): Pick<RunnerProcess, 'where' | 'supervisor'> {
  if (host !== hostname() || pid === null) return { where: 'remote' };
  if (pid === process.pid || !pidAlive(pid)) return { where: 'dead' };
  const args = processArgs(pid);
  // Without /proc there is no command line to check: the lease naming a live pid here is trusted.
  if (args === undefined) return { where: 'local' };
  if (!isFleetRun(args)) return { where: 'other' };
  const at = args.indexOf('--supervisor');
  const supervisor = at >= 0 ? Number(args[at + 1]) : Number.NaN;
  return Number.isInteger(supervisor) ? { where: 'local', supervisor } : { where: 'local' };
}

/** `node …/fleet.js run …` or `fleet run …`. */
function isFleetRun(args: readonly string[]): boolean {
  const bin = args.findIndex((arg) => /(^|\/)fleet(\.js)?$/.test(arg));
  return bin >= 0 && args[bin + 1] === 'run';
}

/** A local runner whose `fleet up` has died: it stops by itself within a second, or is stopped. */
export const isOrphan = (runner: RunnerProcess): boolean =>
  runner.where === 'local' && runner.supervisor !== undefined && !pidAlive(runner.supervisor);

/**
 * Asks each local runner to stop (SIGTERM: it finishes its tick and releases its leases) and waits
 * until every one has exited or `timeoutMs` passed. Returns those still alive at the end.
 */
export async function stopRunners(runners: readonly RunnerProcess[], timeoutMs: number): Promise<RunnerProcess[]> {
  const local = runners.filter((runner) => runner.where === 'local' && runner.pid !== null);
  for (const runner of local) {
    try {
      process.kill(runner.pid as number, 'SIGTERM');
    } catch {
      // Gone already: stopped all the same.
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = local.filter((runner) => pidAlive(runner.pid as number));
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await sleep(100);
  }
}

/** `pid 12 (a, b); host-2 pid 7 (c)`: the host is named only for a runner on another one. */
export const describeRunners = (runners: readonly RunnerProcess[]): string =>
  runners.map((r) => `${r.host === hostname() ? '' : `${r.host} `}pid ${r.pid} (${r.bots.join(', ')})`).join('; ');
