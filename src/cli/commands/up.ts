import { existsSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { FleetError, pidAlive, sleep, UsageError, writeFileAtomic } from '../../core/index.js';
import {
  alertStaleHeartbeats,
  type ChildOutcome,
  type ChildSpec,
  CONFIG_FILE,
  isOrphan,
  type RunnerProcess,
  readProjectConfig,
  recordSupervisorEvent,
  runnerProcesses,
  type SupervisorEvent,
  stopRunners,
  supervise,
  syncBots,
} from '../../fleet/index.js';
import { ACTIVITY_KINDS, type ActivityKind, HEARTBEAT_INTERVAL_MS } from '../../runner/index.js';
import { listBots, readFlags, type Store } from '../../store/index.js';
import { decimal, wholeNumber } from '../flags.js';
import { fleetCommand } from '../invocation.js';
import { stopOnSignals } from '../stop-signal.js';
import { color, stderr, stdout } from '../terminal.js';
import { DEFAULT_DB_WAIT_SECONDS, openWaitingStore, readyFleetSchema, withFleetStore } from './fleet-store.js';
import { startNotifyService } from './notify-service.js';

interface UpFlags {
  botsPerProcess?: string;
  /** commander's --no-notify: false runs the runners alone (no notifier, no Telegram bot). */
  notify?: boolean;
  speed?: string;
  json?: boolean;
  dbWait?: string;
}

interface DownFlags {
  timeout?: string;
  json?: boolean;
}

/** What `fleet up` leaves in the project while it runs, for `fleet down` to find. */
interface SupervisorRecord {
  readonly pid: number;
  readonly startedAt: string | null;
  readonly bots: string[];
}

const STATE_DIR = '.fleet';
export const SUPERVISOR_FILE = join(STATE_DIR, 'supervisor.json');

/**
 * `fleet up`: registers the project's bots and supervises every one of them as child processes
 * (`fleet run`, several bots per process), restarting a crashed child with backoff and a halted one
 * once `fleet resume` cleared it, and printing each line under its bots' names, until `fleet down`,
 * SIGTERM or Ctrl-C. With --json, stdout carries one JSON object per child event and a summary
 * (a stream, like `fleet logs --follow --json`); the children's output and the usual warnings go
 * to stderr.
 */
export async function upCommand(flags: UpFlags): Promise<void> {
  if (!existsSync(resolve(CONFIG_FILE))) {
    throw new UsageError(`no ${CONFIG_FILE} here: fleet up runs a project's bots, so run it in the project's folder`);
  }
  const perProcess = wholeNumber('--bots-per-process', flags.botsPerProcess, 1) ?? 10;
  const dbWait = wholeNumber('--db-wait', flags.dbWait, 0) ?? DEFAULT_DB_WAIT_SECONDS;
  const speed =
    decimal('--speed', flags.speed, Number.MIN_VALUE) ?? (await readProjectConfig(process.cwd())).sandbox.speed;
  const running = readSupervisor();
  if (running !== undefined && pidAlive(running.pid)) {
    throw new UsageError(`the fleet is already up (pid ${running.pid}); ${fleetCommand()} down stops it`);
  }
  // This process keeps the database open while the children run: on the embedded database it
  // stays the owner every child connects through, so a crashing child never takes it down.
  const store = await openWaitingStore(String(dbWait));
  // A second stop signal means at once: the children (which count one stop however many signals
  // reach them) are killed, as a crash would; their leases are taken over on the next start.
  const children = new Map<string, number>();
  const stop = stopOnSignals('stopping the fleet: every runner finishes its tick…', {
    onForce: () => {
      for (const pid of children.values()) signal(pid, 'SIGKILL');
    },
  });
  const began = Date.now();
  const watch = setInterval(() => void warnStale(store), HEARTBEAT_INTERVAL_MS);
  // The notifier (and the Telegram bot) runs beside the runners and stops after them, with one last pass.
  const notifyStop = new AbortController();
  let notifying: { done: Promise<void> } | undefined;
  try {
    await readyFleetSchema(store);
    // First, so a channel that cannot be built stops fleet up before anything is written.
    if (flags.notify !== false) notifying = await startNotifyService(store, notifyStop.signal, process.cwd());
    await syncBots(store, process.cwd());
    const bots = await listBots(store);
    if (bots.length === 0) throw new UsageError('no bots are declared: add them to fleet.config.json');
    await stopOrphans(store);
    const specs = childProcesses(bots, perProcess, speed, flags.json === true, dbWait);
    const record: SupervisorRecord = {
      pid: process.pid,
      startedAt: new Date(began).toISOString(),
      bots: bots.map((bot) => bot.name),
    };
    await writeFileAtomic(resolve(SUPERVISOR_FILE), `${JSON.stringify(record)}\n`);
    stderr.info(
      `fleet up: ${bots.length} bot(s) in ${specs.length} process(es); ${fleetCommand()} down or Ctrl-C stops them`,
    );
    const outcomes = await supervise({
      command: process.execPath,
      baseArgs: [process.argv[1], 'run'],
      children: specs,
      cwd: process.cwd(),
      signal: stop.signal,
      isHalted: (child) => anyHaltedOrKilled(store, child.bots),
      onLine: flags.json ? relayJsonLine : printLine,
      onEvent: (event) => {
        void recordSupervisorEvent(store, event).catch((error) =>
          stderr.warn(`[${event.child.label}] could not record ${event.kind}: ${(error as Error).message}`),
        );
        if (event.kind === 'started' && event.pid !== undefined) children.set(event.child.label, event.pid);
        if (event.kind === 'exited') children.delete(event.child.label);
        printEvent(event);
        if (flags.json) printEventJson(event);
      },
    });
    printSummary(outcomes, (Date.now() - began) / 1000, flags.json === true);
  } finally {
    clearInterval(watch);
    notifyStop.abort();
    await notifying?.done;
    stop.dispose();
    const mine = readSupervisor();
    if (mine?.pid === process.pid) rmSync(resolve(SUPERVISOR_FILE), { force: true });
    await store.close();
  }
}

/**
 * Runners a `fleet up` that died left behind hold their bots' leases until they notice (within a
 * second) and finish their tick: they are told to stop, and waited for, so the new children find
 * the leases free instead of crash-looping on them.
 */
async function stopOrphans(store: Store): Promise<void> {
  const orphans = (await runnerProcesses(store)).filter(isOrphan);
  if (orphans.length === 0) return;
  stderr.warn(`stopping ${orphans.length} runner(s) left by a fleet up that died: ${describeRunners(orphans)}`);
  const alive = await stopRunners(orphans, 60_000);
  if (alive.length > 0)
    throw new FleetError(`runner(s) left by a fleet up that died did not stop: ${describeRunners(alive)}`);
}

/** Alerts (once each, in the database) and says which bots' runners stopped beating. */
async function warnStale(store: Store): Promise<void> {
  try {
    for (const runner of await alertStaleHeartbeats(store)) {
      stderr.error(
        `[${runner.bot}] no heartbeat for ${Math.round(runner.ageMs / 1000)} s: its runner has died or hangs`,
      );
    }
  } catch {
    // The database is away: the children say so, and the next look tries again.
  }
}

const describeRunners = (runners: readonly RunnerProcess[]) =>
  runners.map((r) => `${r.host === hostname() ? '' : `${r.host} `}pid ${r.pid} (${r.bots.join(', ')})`).join('; ');

/** `N` bots per `fleet run` child; paper and live bots never share a process. */
function childProcesses(
  bots: { name: string; mode: string }[],
  perProcess: number,
  speed: number,
  json: boolean,
  dbWait: number,
): ChildSpec[] {
  return (['paper', 'live'] as const).flatMap((mode) => {
    const names = bots.filter((bot) => bot.mode === mode).map((bot) => bot.name);
    const groups: string[][] = [];
    for (let i = 0; i < names.length; i += perProcess) groups.push(names.slice(i, i + perProcess));
    return groups.map((group) => ({
      label: group.length <= 3 ? group.join(',') : `${group[0]}…+${group.length - 1}`,
      bots: group,
      args: [
        ...group,
        `--${mode}`,
        '--no-sync',
        // A bot another runner holds (a replica of this fleet up elsewhere) is waited for, not
        // given up: this child takes it over once that lease is released or expires.
        '--wait',
        '--speed',
        String(speed),
        '--db-wait',
        String(dbWait),
        '--supervisor',
        String(process.pid),
        ...(json ? ['--json'] : []),
      ],
    }));
  });
}

/** Whether a human still has to clear one of these bots (halt or kill switch) before it runs again. */
async function anyHaltedOrKilled(store: Store, bots: readonly string[]): Promise<boolean> {
  for (const bot of bots) {
    const flags = await readFlags(store, bot);
    if (flags.halted || flags.killSwitch) return true;
  }
  return false;
}

function printLine(label: string, stream: 'stdout' | 'stderr', line: string): void {
  // A one-bot child already names its bot on its order and fill lines: one prefix is enough.
  const own = `[${label}] `;
  const prefixed = `${color.cyan(`[${label}]`)} ${line.startsWith(own) ? line.slice(own.length) : line}`;
  if (stream === 'stdout') stdout.line(prefixed);
  else stderr.line(prefixed);
}

/**
 * Under --json stdout is the event stream: the children (run with --json too) print each order and
 * fill as a JSON line, relayed to it with the child's label; their summary and the rest of their
 * output go to stderr, prefixed.
 */
function relayJsonLine(label: string, stream: 'stdout' | 'stderr', line: string): void {
  const activity = stream === 'stdout' ? activityLine(line) : undefined;
  if (activity !== undefined) stdout.jsonLine({ ...activity, child: label });
  else stderr.line(`[${label}] ${line}`);
}

/** A child's JSON line for an order or fill event (fleet run --json); undefined for anything else. */
function activityLine(line: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const event = (parsed as { event?: unknown }).event;
    return ACTIVITY_KINDS.includes(event as ActivityKind) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function printEvent(event: SupervisorEvent): void {
  const tag = `[${event.child.label}]`;
  switch (event.kind) {
    case 'exited':
      if (event.stopping && event.exitCode !== 0)
        stderr.warn(`${tag} exited with ${exitText(event)} while stopping (fleet ls shows its bots)`);
      return;
    case 'restarting':
      stderr.warn(`${tag} exited with ${exitText(event)}; restarting in ${event.inMs} ms`);
      return;
    case 'halted':
      stderr.error(
        `${tag} exited halted (code 3): it starts again once ${fleetCommand()} resume clears ${event.child.bots.join(', ')} (${fleetCommand()} ls shows why)`,
      );
      return;
    case 'resumed':
      stderr.warn(`${tag} resumed: starting it again`);
      return;
    case 'started':
      return;
  }
}

function exitText(event: { exitCode: number | undefined; signal: string | undefined }): string {
  return event.exitCode === undefined && event.signal !== undefined
    ? `signal ${event.signal}`
    : `code ${event.exitCode}`;
}

function printEventJson(event: SupervisorEvent): void {
  const { kind, child, ...details } = event;
  stdout.jsonLine({ time: new Date().toISOString(), event: kind, child: child.label, bots: child.bots, ...details });
}

function printSummary(outcomes: ChildOutcome[], seconds: number, json: boolean): void {
  const restarts = outcomes.reduce((sum, outcome) => sum + outcome.restarts, 0);
  stderr.info(`fleet up: stopped ${outcomes.length} process(es) after ${seconds.toFixed(1)} s, ${restarts} restart(s)`);
  if (!json) return;
  stdout.jsonLine({
    time: new Date().toISOString(),
    event: 'summary',
    seconds: round(seconds),
    restarts,
    children: outcomes.map((outcome) => ({
      child: outcome.label,
      bots: outcome.bots,
      restarts: outcome.restarts,
      lastExitCode: outcome.lastExitCode ?? null,
    })),
  });
}

/**
 * `fleet down`: stops a running `fleet up` in this project and waits for it to finish, then every
 * other runner the database knows of on this host (the leases name host and pid): runners a
 * crashed `fleet up` left, and `fleet run`s started by hand. Runners on other hosts are named and
 * make it exit 1: they can only be stopped there.
 */
export async function downCommand(flags: DownFlags): Promise<void> {
  const seconds = wholeNumber('--timeout', flags.timeout, 1) ?? 60;
  const began = Date.now();
  const deadline = began + seconds * 1000;
  const found = readSupervisor();
  const up = found !== undefined && pidAlive(found.pid) ? found : undefined;
  if (up !== undefined) {
    signal(up.pid, 'SIGTERM');
    await waitForExit(up.pid, seconds);
  }
  const runners = projectHasDatabase() ? await withFleetStore(runnerProcesses) : [];
  const local = runners.filter((runner) => runner.where === 'local');
  const remote = runners.filter((runner) => runner.where === 'remote');
  const alive = await stopRunners(local, Math.max(0, deadline - Date.now()));
  if (alive.length > 0) {
    throw new FleetError(
      `runner(s) did not stop within ${seconds} s: ${describeRunners(alive)}; they may still be finishing a tick`,
    );
  }
  const took = (Date.now() - began) / 1000;
  const stopped = up !== undefined || local.length > 0;
  if (flags.json) {
    stdout.json({
      stopped,
      pid: up?.pid ?? null,
      startedAt: up?.startedAt ?? null,
      bots: up?.bots ?? [],
      runners: local.map((runner) => ({ pid: runner.pid, bots: runner.bots })),
      seconds: stopped ? round(took) : 0,
    });
  } else {
    if (up !== undefined)
      stdout.line(`stopped the fleet (pid ${up.pid}, ${up.bots.length} bot(s)) in ${took.toFixed(1)} s`);
    if (local.length > 0) stdout.line(`stopped ${local.length} other runner(s): ${describeRunners(local)}`);
    if (!stopped) stdout.line('the fleet is not up');
  }
  if (remote.length > 0) {
    throw new FleetError(
      `runner(s) on other hosts hold leases here and were not stopped: ${describeRunners(remote)}; stop them there`,
    );
  }
}

/** Whether there is a database to ask: a server, or an embedded one already created here. */
function projectHasDatabase(): boolean {
  return Boolean(process.env.DATABASE_URL) || existsSync(resolve(STATE_DIR, 'db', 'pgdata'));
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // Gone between the check and the signal: stopped all the same.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH')
      throw new FleetError(`cannot stop process ${pid}: ${(error as Error).message}`);
  }
}

/** Not a usage error when it expires: the flags were fine, the fleet is just still stopping. */
async function waitForExit(pid: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (pidAlive(pid)) {
    if (Date.now() > deadline) {
      throw new FleetError(
        `fleet up (pid ${pid}) did not stop within ${seconds} s: its runners may still be finishing a tick; ` +
          'fleet down again makes it exit at once, without finishing',
      );
    }
    await sleep(200);
  }
}

function readSupervisor(): SupervisorRecord | undefined {
  const file = resolve(SUPERVISOR_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<keyof SupervisorRecord, unknown>>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : null,
      bots: Array.isArray(parsed.bots) ? parsed.bots.filter((bot): bot is string => typeof bot === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;
