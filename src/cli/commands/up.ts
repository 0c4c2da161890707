import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FleetError, UsageError } from '../../core/index.js';
import {
  CONFIG_FILE,
  describeRunners,
  type FleetDownResult,
  type FleetUpNotice,
  type FleetUpResult,
  readProjectConfig,
  runningSupervisor,
  type SupervisorEvent,
  stopFleet,
  superviseFleet,
} from '../../fleet/index.js';
import { ACTIVITY_KINDS, type ActivityKind } from '../../runner/index.js';
import type { Store } from '../../store/index.js';
import { decimal, wholeNumber } from '../flags.js';
import { fleetCommand } from '../invocation.js';
import { stopOnSignals } from '../stop-signal.js';
import { color, stderr, stdout } from '../terminal.js';
import { dbWaitSeconds, withFleetStore } from './fleet-store.js';
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
  const dbWait = dbWaitSeconds(flags.dbWait);
  const speed =
    decimal('--speed', flags.speed, Number.MIN_VALUE) ?? (await readProjectConfig(process.cwd())).sandbox.speed;
  const running = runningSupervisor(process.cwd());
  if (running !== undefined) {
    throw new UsageError(`the fleet is already up (pid ${running.pid}); ${fleetCommand()} down stops it`);
  }
  // This process keeps the database open while the children run: on the embedded database it
  // stays the owner every child connects through, so a crashing child never takes it down.
  const result = await withFleetStore((store) => keepFleetUp(store, { speed, perProcess, dbWait, flags }), { dbWait });
  printSummary(result, flags.json === true);
}

async function keepFleetUp(
  store: Store,
  { speed, perProcess, dbWait, flags }: { speed: number; perProcess: number; dbWait: number; flags: UpFlags },
): Promise<FleetUpResult> {
  // A second stop signal means at once: the children (which count one stop however many signals
  // reach them) are killed, as a crash would; their leases are taken over on the next start.
  const force = new AbortController();
  const stop = stopOnSignals('stopping the fleet: every runner finishes its tick…', { onForce: () => force.abort() });
  // The notifier (and the Telegram bot) runs beside the runners and stops after them, with one last pass.
  const notifyStop = new AbortController();
  let notifying: { done: Promise<void> } | undefined;
  try {
    // First, so a channel that cannot be built stops fleet up before anything is written.
    if (flags.notify !== false) notifying = await startNotifyService(store, notifyStop.signal, process.cwd());
    return await superviseFleet({
      store,
      cwd: process.cwd(),
      command: process.execPath,
      baseArgs: [process.argv[1], 'run'],
      botsPerProcess: perProcess,
      speed,
      dbWait,
      json: flags.json === true,
      signal: stop.signal,
      force: force.signal,
      onLine: flags.json ? relayJsonLine : printLine,
      onEvent: (event) => {
        printEvent(event);
        if (flags.json) printEventJson(event);
      },
      onNotice: printNotice,
    });
  } finally {
    notifyStop.abort();
    await notifying?.done;
    stop.dispose();
  }
}

function printNotice(notice: FleetUpNotice): void {
  switch (notice.kind) {
    case 'orphans':
      stderr.warn(
        `stopping ${notice.runners.length} runner(s) left by a fleet up that died: ${describeRunners(notice.runners)}`,
      );
      return;
    case 'starting':
      stderr.info(
        `fleet up: ${notice.bots.length} bot(s) in ${notice.processes} process(es); ${fleetCommand()} down or Ctrl-C stops them`,
      );
      return;
    case 'stale':
      stderr.error(
        `[${notice.runner.bot}] no heartbeat for ${Math.round(notice.runner.ageMs / 1000)} s: its runner has died or hangs`,
      );
      return;
    case 'unrecorded':
      stderr.warn(`[${notice.event.child.label}] could not record ${notice.event.kind}: ${notice.error.message}`);
      return;
  }
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

function printSummary({ outcomes, seconds }: FleetUpResult, json: boolean): void {
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
  const result = await stopFleet({ cwd: process.cwd(), timeoutMs: seconds * 1000, withStore: withFleetStore });
  printDown(result, flags.json === true);
  if (result.remote.length > 0) {
    throw new FleetError(
      `runner(s) on other hosts hold leases here and were not stopped: ${describeRunners(result.remote)}; stop them there`,
    );
  }
}

function printDown({ supervisor: up, stopped: local, seconds }: FleetDownResult, json: boolean): void {
  const stopped = up !== undefined || local.length > 0;
  if (json) {
    stdout.json({
      stopped,
      pid: up?.pid ?? null,
      startedAt: up?.startedAt ?? null,
      bots: up?.bots ?? [],
      runners: local.map((runner) => ({ pid: runner.pid, bots: runner.bots })),
      seconds: stopped ? round(seconds) : 0,
    });
    return;
  }
  if (up !== undefined)
    stdout.line(`stopped the fleet (pid ${up.pid}, ${up.bots.length} bot(s)) in ${seconds.toFixed(1)} s`);
  if (local.length > 0) stdout.line(`stopped ${local.length} other runner(s): ${describeRunners(local)}`);
  if (!stopped) stdout.line('the fleet is not up');
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;
