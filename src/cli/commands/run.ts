import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FleetError, SafetyError, UsageError } from '../../core/index.js';
import { CONFIG_FILE, readProjectConfig, runFleetBots, syncBots } from '../../fleet/index.js';
import type { ActivityEvent, RunnerNotice } from '../../runner/index.js';
import type { Store } from '../../store/index.js';
import { decimal, wholeNumber } from '../flags.js';
import { fleetCommand } from '../invocation.js';
import { outliveOutputPipes, watchSupervisor } from '../parent-watch.js';
import { stopOnSignals } from '../stop-signal.js';
import { color, stderr, stdout } from '../terminal.js';
import { parseDuration } from './duration.js';
import { dbWaitSeconds, withFleetStore } from './fleet-store.js';

interface RunFlags {
  paper?: boolean;
  live?: boolean;
  speed?: string;
  for?: string;
  wait?: boolean;
  json?: boolean;
  apiUrl?: string;
  sync?: boolean;
  dbWait?: string;
  supervisor?: string;
}

/**
 * `fleet run [bots...] --paper|--live`: runs bots in this process until SIGTERM or SIGINT, which
 * finish the tick in progress and release the leases. Exit 3 when a bot halted (reconciliation
 * mismatch, daily-loss breaker), 1 when one failed.
 */
export async function runCommand(names: string[], flags: RunFlags): Promise<void> {
  if (flags.paper === flags.live) throw new UsageError('say how to trade: --paper or --live');
  if (names.length === 0 && !existsSync(join(process.cwd(), CONFIG_FILE))) {
    throw new UsageError(
      `no ${CONFIG_FILE} here: name the bots to run (${fleetCommand()} run BOT… --paper), or run it in the project's folder`,
    );
  }
  const speed = await sandboxSpeed(flags.speed);
  const seconds = flags.for === undefined ? undefined : parseDuration('--for', flags.for) / 1000;
  const supervisor = wholeNumber('--supervisor', flags.supervisor, 1);
  const dbWait = dbWaitSeconds(flags.dbWait);
  if (supervisor !== undefined) outliveOutputPipes();
  const outcomes = await withFleetStore(
    async (store) => {
      const stop = stopOnSignals('stopping: finishing the tick in progress…', { supervised: supervisor !== undefined });
      const unwatch =
        supervisor === undefined
          ? () => {}
          : watchSupervisor(supervisor, () => {
              stderr.warn(
                `the supervisor (fleet up, pid ${supervisor}) is gone: finishing the tick in progress and stopping`,
              );
              stop.abort();
            });
      const timer = seconds === undefined ? undefined : setTimeout(() => stop.abort(), seconds * 1000);
      try {
        if (flags.sync !== false) await syncProject(store);
        return await runFleetBots({
          store,
          bots: names,
          mode: flags.live ? 'live' : 'paper',
          speed,
          owner: `${hostname()}:${process.pid}`,
          signal: stop.signal,
          waitForLease: flags.wait,
          apiBaseUrl: flags.apiUrl,
          onNotice: (notice) => printNotice(notice, flags.json === true),
        });
      } finally {
        clearTimeout(timer);
        unwatch();
        stop.dispose();
      }
    },
    { dbWait },
  );
  if (flags.json) stdout.jsonLine({ time: new Date().toISOString(), event: 'summary', bots: outcomes });
  else for (const outcome of outcomes) stdout.line(`${outcome.bot}: ${outcome.state}`);
  // The reasons were printed as they happened; the exit code says how the run ended.
  const halted = outcomes.filter((o) => o.state === 'halted').map((o) => o.bot);
  if (halted.length > 0) throw new SafetyError(`halted: ${halted.join(', ')} (${fleetCommand()} ls shows why)`);
  const failed = outcomes.filter((o) => o.state === 'failed').map((o) => o.bot);
  if (failed.length > 0) throw new FleetError(`could not run: ${failed.join(', ')}`);
}

/** Registers the project's declared bots first, when there is a project here. */
async function syncProject(store: Store): Promise<void> {
  if (existsSync(join(process.cwd(), CONFIG_FILE))) await syncBots(store, process.cwd());
}

/** --speed, else the project's sandbox.speed, else real time. */
async function sandboxSpeed(flag: string | undefined): Promise<number | undefined> {
  const speed = decimal('--speed', flag, Number.MIN_VALUE);
  if (speed !== undefined || !existsSync(join(process.cwd(), CONFIG_FILE))) return speed;
  return (await readProjectConfig(process.cwd())).sandbox.speed;
}

/**
 * An order or a fill goes to stdout as it happens: one line, or under --json one JSON object per
 * line (`event` is the event's kind, as fleet logs shows it). Everything else is news for stderr.
 */
function printNotice(notice: RunnerNotice, json: boolean): void {
  const { activity } = notice;
  if (activity !== undefined) {
    if (json) stdout.jsonLine(activityJson(notice.bot, activity));
    else stdout.line(`[${notice.bot}] ${activity.message}`);
    return;
  }
  const prefix = color.cyan(`[${notice.bot}]`);
  if (notice.level === 'error') stderr.error(`${prefix} ${notice.message}`);
  else if (notice.level === 'warn') stderr.warn(`${prefix} ${notice.message}`);
  else stderr.info(`[${notice.bot}] ${notice.message}`);
}

/** The JSON line for an order or fill event: what fleet up --json relays from its children. */
function activityJson(bot: string, activity: ActivityEvent) {
  return {
    time: new Date().toISOString(),
    event: activity.kind,
    bot,
    level: activity.level,
    message: activity.message,
    data: activity.data,
  };
}
