import { FleetError, UsageError } from '../../core/index.js';
import { HEARTBEAT_INTERVAL_MS } from '../../runner/index.js';
import { listBots, readFlags, type StaleRunner, type Store } from '../../store/index.js';
import { syncBots } from '../registry.js';
import { fleetChildren } from './children.js';
import { recordSupervisorEvent } from './events.js';
import { removeSupervisorRecord, writeSupervisorRecord } from './record.js';
import {
  alertStaleHeartbeats,
  describeRunners,
  isOrphan,
  type RunnerProcess,
  runnerProcesses,
  stopRunners,
} from './runners.js';
import { type ChildOutcome, type ChildSpec, type SupervisorEvent, supervise } from './supervise.js';

export interface FleetUpOptions {
  /** The project's database, open and migrated; this process keeps it open while the children run. */
  readonly store: Store;
  /** The project folder: its fleet.config.json is registered, and the supervisor record written there. */
  readonly cwd: string;
  /** How a `fleet run` child starts: the program and the args before the child's own. */
  readonly command: string;
  readonly baseArgs: readonly string[];
  readonly botsPerProcess: number;
  readonly speed: number;
  /** Seconds each child waits for a database server that is down. */
  readonly dbWait: number;
  /** The children print their orders and fills as JSON lines. */
  readonly json: boolean;
  /** Aborted to stop: every child finishes its tick, releases its leases and exits. */
  readonly signal: AbortSignal;
  /** Aborted to kill every child at once (SIGKILL), as a crash would; their leases are taken over later. */
  readonly force?: AbortSignal;
  readonly onLine: (label: string, stream: 'stdout' | 'stderr', line: string) => void;
  readonly onEvent?: (event: SupervisorEvent) => void;
  readonly onNotice?: (notice: FleetUpNotice) => void;
}

/** What the supervisor has to say besides its children's events. */
export type FleetUpNotice =
  /** Runners a `fleet up` that died left behind: they are being stopped before the children start. */
  | { readonly kind: 'orphans'; readonly runners: readonly RunnerProcess[] }
  /** The children are about to start. */
  | { readonly kind: 'starting'; readonly bots: readonly string[]; readonly processes: number }
  /** A runner stopped beating (alerted once in the database too). */
  | { readonly kind: 'stale'; readonly runner: StaleRunner }
  /** A child's event could not be written to the database. */
  | { readonly kind: 'unrecorded'; readonly event: SupervisorEvent; readonly error: Error };

export interface FleetUpResult {
  readonly outcomes: ChildOutcome[];
  /** From the children's start to their last exit. */
  readonly seconds: number;
}

/**
 * `fleet up`'s work: registers the project's bots, stops runners a dead `fleet up` left, records
 * this supervisor in the project (SUPERVISOR_FILE) and keeps every bot running in `fleet run`
 * children (several bots per process; a crashed child restarts with backoff, a halted one once its
 * bots are resumed) until `signal` aborts, watching heartbeats meanwhile. The record is removed at
 * the end.
 */
export async function superviseFleet(options: FleetUpOptions): Promise<FleetUpResult> {
  const { store } = options;
  const notice = (value: FleetUpNotice) => options.onNotice?.(value);
  await syncBots(store, options.cwd);
  const bots = await listBots(store);
  if (bots.length === 0) throw new UsageError('no bots are declared: add them to fleet.config.json');
  await stopOrphans(store, notice);
  const children = fleetChildren(bots, {
    perProcess: options.botsPerProcess,
    speed: options.speed,
    dbWait: options.dbWait,
    json: options.json,
    supervisor: process.pid,
  });
  const began = Date.now();
  const names = bots.map((bot) => bot.name);
  const pids = new Map<string, number>();
  const kill = () => {
    for (const pid of pids.values()) killQuietly(pid);
  };
  options.force?.addEventListener('abort', kill);
  const watch = setInterval(() => void watchHeartbeats(store, notice), HEARTBEAT_INTERVAL_MS);
  try {
    await writeSupervisorRecord(options.cwd, {
      pid: process.pid,
      startedAt: new Date(began).toISOString(),
      bots: names,
    });
    notice({ kind: 'starting', bots: names, processes: children.length });
    const outcomes = await supervise({
      command: options.command,
      baseArgs: options.baseArgs,
      children,
      cwd: options.cwd,
      signal: options.signal,
      isHalted: (child) => anyHaltedOrKilled(store, child),
      onLine: options.onLine,
      onEvent: (event) => {
        void recordSupervisorEvent(store, event).catch((error: Error) => notice({ kind: 'unrecorded', event, error }));
        if (event.kind === 'started' && event.pid !== undefined) pids.set(event.child.label, event.pid);
        if (event.kind === 'exited') pids.delete(event.child.label);
        options.onEvent?.(event);
      },
    });
    return { outcomes, seconds: (Date.now() - began) / 1000 };
  } finally {
    clearInterval(watch);
    options.force?.removeEventListener('abort', kill);
    removeSupervisorRecord(options.cwd, process.pid);
  }
}

/**
 * Runners a `fleet up` that died left behind hold their bots' leases until they notice (within a
 * second) and finish their tick: they are told to stop, and waited for, so the new children find
 * the leases free instead of crash-looping on them.
 */
async function stopOrphans(store: Store, notice: (value: FleetUpNotice) => void): Promise<void> {
  const orphans = (await runnerProcesses(store)).filter(isOrphan);
  if (orphans.length === 0) return;
  notice({ kind: 'orphans', runners: orphans });
  const alive = await stopRunners(orphans, 60_000);
  if (alive.length > 0)
    throw new FleetError(`runner(s) left by a fleet up that died did not stop: ${describeRunners(alive)}`);
}

/** Alerts (once each, in the database) and tells which bots' runners stopped beating. */
async function watchHeartbeats(store: Store, notice: (value: FleetUpNotice) => void): Promise<void> {
  try {
    for (const runner of await alertStaleHeartbeats(store)) notice({ kind: 'stale', runner });
  } catch {
    // The database is away: the children say so, and the next look tries again.
  }
}

/** Whether a human still has to clear one of the child's bots (halt or kill switch) before it runs again. */
async function anyHaltedOrKilled(store: Store, child: ChildSpec): Promise<boolean> {
  for (const bot of child.bots) {
    const flags = await readFlags(store, bot);
    if (flags.halted || flags.killSwitch) return true;
  }
  return false;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}
