import { BrokerUnavailableError, type Clock, FencedOutError, FleetError, SafetyError, sleep } from '../core/index.js';
import { readFlags, type Store } from '../store/index.js';
import type { ActivityEvent } from './activity.js';
import type { BotRunner } from './bot-runner.js';
import { LeaseHeldError } from './runner-lease.js';

export type RunnerNoticeLevel = 'info' | 'warn' | 'error';

/** What a run reports as it goes, for the CLI to print (the library itself never does). */
export interface RunnerNotice {
  readonly bot: string;
  readonly level: RunnerNoticeLevel;
  readonly message: string;
  /**
   * Set when the notice reports an order or a fill: the event the runner recorded for it, with its
   * stable kind and its numbers (client order id, side, quantity, price, fee, role, reason).
   */
  readonly activity?: ActivityEvent;
}

export interface RunBotsOptions {
  readonly store: Store;
  readonly runners: readonly BotRunner[];
  readonly clock: Clock;
  /** Aborting finishes the tick in progress, releases every lease and returns. */
  readonly signal?: AbortSignal;
  /** Stop once the clock reaches this time (demos, benchmarks, replays). */
  readonly until?: number;
  /** Real milliseconds between lease renewals; default a third of the shortest lease. */
  readonly renewEveryMs?: number;
  /** Real milliseconds before a failed boot or tick is tried again, doubling up to 30 s. */
  readonly retryMs?: number;
  /** Real milliseconds between looks at whether a halted bot was resumed (fleet resume); default 5 s. */
  readonly resumeCheckMs?: number;
  /** Wait for a lease another runner holds instead of giving the bot up. */
  readonly waitForLease?: boolean;
  readonly onNotice?: (notice: RunnerNotice) => void;
  /** Real milliseconds each tick took, for the latency benchmark. */
  readonly onTick?: (bot: string, milliseconds: number) => void;
}

export interface BotOutcome {
  readonly bot: string;
  readonly state: 'stopped' | 'halted' | 'failed';
  readonly reason?: string;
}

interface Slot {
  readonly runner: BotRunner;
  booted: boolean;
  /** Whether a boot ever succeeded in this run (a halt and a resume boot it again). */
  everBooted?: boolean;
  /** Why its last boot attempt failed, while it has never booted. */
  bootError?: string;
  /** Clock time before which the runner is not ticked again. */
  notBefore: number;
  failures: number;
  failingSince?: number;
  /** Whether the tick_failed alert of the current failure made it into the database. */
  failureAlerted?: boolean;
  /** Real time (Date.now) at which a failed tick is tried again. */
  retryAt?: number;
  outcome?: BotOutcome;
  /** Real time at which a halted bot's flags are looked at again. */
  resumeCheckAt?: number;
}

const MAX_RETRY_MS = 30_000;

/**
 * Real milliseconds between a running bot's heartbeats (its lease renewals) by default: a heartbeat
 * older than three of these says its runner has died or hangs (fleet ls shows it stale).
 */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * Runs many bots in one process on one clock: boots each, then sleeps until the next bar closes
 * and ticks every bot whose bar it is. A boot or tick that fails for a reason that may pass
 * (database or broker unreachable) is retried with backoff and alerted once when it starts and
 * once when it recovers; a halt or a lost lease ends that bot only. A halted bot whose halt is
 * cleared (fleet resume) while others still run is booted again. Leases are renewed from the
 * start, so bots booted early keep theirs while the rest boot.
 */
export async function runBots(options: RunBotsOptions): Promise<BotOutcome[]> {
  const { clock, signal } = options;
  const notice = (bot: string, level: RunnerNoticeLevel, message: string) =>
    options.onNotice?.({ bot, level, message });
  for (const runner of options.runners) {
    runner.onSession((event) => options.onNotice?.({ bot: runner.name, level: 'info', message: event.message }));
    runner.onActivity((event) =>
      options.onNotice?.({
        bot: runner.name,
        level: event.level === 'alert' ? 'warn' : 'info',
        message: event.message,
        activity: event,
      }),
    );
  }
  const slots: Slot[] = options.runners.map((runner) => ({
    runner,
    booted: false,
    notBefore: Number.NEGATIVE_INFINITY,
    failures: 0,
  }));
  // Renewed at least every heartbeat interval (fleet ls reads a silence of three as stale), and
  // three times per lease, so a short lease (tests) is never lost between renewals.
  const renewEvery =
    options.renewEveryMs ??
    Math.min(HEARTBEAT_INTERVAL_MS, ...options.runners.map((runner) => Math.max(100, runner.leaseTtlMs / 3)));
  const renewal = setInterval(() => void renewLeases(slots, notice), renewEvery);
  renewal.unref();
  try {
    for (const slot of slots) {
      if (signal?.aborted) break;
      await bootSlot(slot, options, notice);
    }
    while (!signal?.aborted) {
      if (options.until !== undefined && clock.now() >= options.until) break;
      await lookForResumes(slots, options, notice);
      const active = slots.filter((slot) => slot.outcome === undefined);
      if (active.length === 0) break;
      const waiting = active.filter((slot) => slot.retryAt === undefined);
      const due = Math.min(...waiting.map(dueTime));
      const retryAt = Math.min(...active.map((slot) => slot.retryAt ?? Number.POSITIVE_INFINITY));
      if (options.until !== undefined && due > options.until && retryAt === Number.POSITIVE_INFINITY) {
        await clock.sleepUntil(options.until, signal);
        break;
      }
      await sleepUntilEither(clock, due, Math.min(retryAt, resumeCheckTime(slots)), signal);
      if (signal?.aborted) break;
      for (const slot of active) {
        if (signal?.aborted) break;
        if (slot.outcome !== undefined) continue;
        const ready = slot.retryAt !== undefined ? Date.now() >= slot.retryAt : clock.now() >= dueTime(slot);
        if (!ready) continue;
        if (slot.booted) await tickSlot(slot, options, notice);
        else await bootSlot(slot, options, notice);
      }
    }
  } finally {
    clearInterval(renewal);
    for (const slot of slots) {
      if (slot.outcome !== undefined && slot.outcome.state !== 'stopped') continue;
      if (slot.booted) {
        try {
          await slot.runner.stop('stopped');
        } catch (error) {
          notice(slot.runner.name, 'warn', `could not release its lease: ${messageOf(error)}`);
        }
      }
      slot.outcome ??= neverBooted(slot) ?? { bot: slot.runner.name, state: 'stopped' };
    }
  }
  return slots.map((slot) => slot.outcome ?? { bot: slot.runner.name, state: 'stopped' });
}

async function bootSlot(slot: Slot, options: RunBotsOptions, notice: NoticeFn): Promise<void> {
  const name = slot.runner.name;
  try {
    await slot.runner.boot();
    slot.booted = true;
    slot.everBooted = true;
    notice(name, 'info', 'started');
    await recovered(slot, notice);
  } catch (error) {
    if (error instanceof LeaseHeldError && options.waitForLease && !options.signal?.aborted) {
      // Tried again when its time comes, without holding up the other bots of the process
      // (a standby replica of fleet up runs whichever of its bots it can, and waits for the rest).
      if (slot.retryAt === undefined) notice(name, 'warn', `${error.message}; waiting`);
      slot.retryAt = Date.now() + (options.retryMs ?? 1000);
      return;
    }
    if (mayPass(error)) {
      slot.bootError = messageOf(error);
      return failedAttempt(slot, 'boot', error, options, notice);
    }
    end(slot, error, notice);
  }
}

/**
 * Halted bots whose halt has been cleared since (fleet resume): booted again, when their time to
 * look has come. The runner gave its lease back when it halted, so this is a fresh start.
 */
async function lookForResumes(slots: readonly Slot[], options: RunBotsOptions, notice: NoticeFn): Promise<void> {
  for (const slot of slots) {
    if (slot.outcome?.state !== 'halted' || Date.now() < (slot.resumeCheckAt ?? 0)) continue;
    slot.resumeCheckAt = Date.now() + (options.resumeCheckMs ?? 5_000);
    const flags = await readFlags(options.store, slot.runner.name).catch(() => undefined);
    if (flags === undefined || flags.halted) continue;
    notice(slot.runner.name, 'info', 'resumed: starting again');
    slot.outcome = undefined;
    slot.booted = false;
    slot.notBefore = Number.NEGATIVE_INFINITY;
    await bootSlot(slot, options, notice);
  }
}

/**
 * A bot whose boot kept failing (a broker or database that never answered) until the run stopped
 * never traded: a failure, not a clean stop. One stopped before its first try (the stop came while
 * others booted) or while it waited, as asked, for a lease another runner holds just stopped.
 */
function neverBooted(slot: Slot): BotOutcome | undefined {
  if (slot.everBooted || slot.bootError === undefined) return undefined;
  return { bot: slot.runner.name, state: 'failed', reason: `never started: ${slot.bootError}` };
}

/** Errors that may pass on their own: anything but fleet's own verdicts, and an unreachable broker. */
const mayPass = (error: unknown): boolean => error instanceof BrokerUnavailableError || !(error instanceof FleetError);

/**
 * Ends the bot's run: halted for a safety verdict, failed otherwise. A runner fenced out (another
 * runner took the bot over) says so in one line and writes nothing: the bot is not its own now.
 */
function end(slot: Slot, error: unknown, notice: NoticeFn): void {
  // Ended already (a lease renewal found it fenced out while its tick was still going): said once.
  if (slot.outcome !== undefined && error instanceof FencedOutError) return;
  slot.outcome = {
    bot: slot.runner.name,
    state: error instanceof SafetyError ? 'halted' : 'failed',
    reason: messageOf(error),
  };
  notice(slot.runner.name, 'error', messageOf(error));
}

async function tickSlot(slot: Slot, options: RunBotsOptions, notice: NoticeFn): Promise<void> {
  const { runner } = slot;
  const started = performance.now();
  try {
    const report = await runner.tick();
    options.onTick?.(runner.name, performance.now() - started);
    if (report.bars === 0) slot.notBefore = options.clock.now() + runner.timeframeMs / 50;
    await recovered(slot, notice);
  } catch (error) {
    if (error instanceof SafetyError || error instanceof LeaseHeldError || error instanceof FencedOutError) {
      end(slot, error, notice);
      // A halted bot gives its lease back, marked halted; a lost lease is not ours to release.
      if (error instanceof SafetyError) await runner.stop('halted').catch(() => {});
      slot.booted = false;
      return;
    }
    // Anything else may pass (a database or broker away): nothing was acted on twice, since every
    // step is keyed by its client order id, so the same bar is simply tried again.
    await failedAttempt(slot, 'tick', error, options, notice);
  }
}

/** After a failed boot or tick: schedules the retry, and alerts once per run of failures. */
async function failedAttempt(
  slot: Slot,
  what: 'boot' | 'tick',
  error: unknown,
  options: RunBotsOptions,
  notice: NoticeFn,
): Promise<void> {
  const name = slot.runner.name;
  slot.failures++;
  slot.failingSince ??= Date.now();
  const wait = Math.min(MAX_RETRY_MS, (options.retryMs ?? 1000) * 2 ** (slot.failures - 1));
  notice(name, 'warn', `${what} failed (${messageOf(error)}); trying again in ${wait} ms`);
  if (!slot.failureAlerted) {
    slot.failureAlerted = await slot.runner
      .record({
        level: 'alert',
        kind: 'tick_failed',
        message: `${what} failed, not trading until it succeeds: ${messageOf(error)}`,
      })
      .then(
        () => true,
        (recording: unknown) => {
          if (recording instanceof FencedOutError) end(slot, recording, notice);
          else notice(name, 'error', 'could not record the failure either: the database is unreachable');
          return false;
        },
      );
  }
  slot.retryAt = Date.now() + wait;
}

/** After a boot or tick that succeeded: clears the retry, and says so if failures came before. */
async function recovered(slot: Slot, notice: NoticeFn): Promise<void> {
  slot.retryAt = undefined;
  if (slot.failures === 0) return;
  const name = slot.runner.name;
  const since = new Date(slot.failingSince ?? 0);
  if (!slot.failureAlerted) {
    // The database itself was what failed: the alert could not be recorded then, so now.
    await slot.runner
      .record({
        level: 'alert',
        kind: 'tick_failed',
        message: `ticks failed from ${since.toISOString()}; the failure could not be recorded then`,
        time: since,
      })
      .catch(() => {});
  }
  const message = `recovered after ${slot.failures} failed attempt(s) since ${since.toISOString()}`;
  notice(name, 'info', message);
  await slot.runner.record({ level: 'alert', kind: 'recovered', message }).catch(() => {});
  slot.failures = 0;
  slot.failingSince = undefined;
  slot.failureAlerted = undefined;
}

/** Real time of the next look at a halted bot's flags; infinity when no bot is halted. */
const resumeCheckTime = (slots: readonly Slot[]): number =>
  Math.min(
    ...slots.map((slot) => (slot.outcome?.state === 'halted' ? (slot.resumeCheckAt ?? 0) : Number.POSITIVE_INFINITY)),
  );

const dueTime = (slot: Slot): number => Math.max(slot.runner.nextBarClose(), slot.notBefore);

/** Sleeps until `due` on the clock or `retryAt` in real time, whichever comes first. */
async function sleepUntilEither(clock: Clock, due: number, retryAt: number, signal?: AbortSignal): Promise<void> {
  if (retryAt === Number.POSITIVE_INFINITY) return clock.sleepUntil(due, signal);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (signal?.aborted) stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([
      due === Number.POSITIVE_INFINITY ? new Promise<void>(() => {}) : clock.sleepUntil(due, stop.signal),
      sleep(Math.max(0, retryAt - Date.now()), stop.signal),
    ]);
  } finally {
    stop.abort();
    signal?.removeEventListener('abort', onAbort);
  }
}

async function renewLeases(slots: readonly Slot[], notice: NoticeFn): Promise<void> {
  for (const slot of slots) {
    if (slot.outcome !== undefined || !slot.booted) continue;
    try {
      await slot.runner.beat();
    } catch (error) {
      // A tick may have ended the bot (a halt gives the lease back) while this renewal was out.
      if (slot.outcome !== undefined || !slot.booted) continue;
      if (error instanceof FencedOutError) {
        end(slot, error, notice);
        continue;
      }
      notice(slot.runner.name, 'warn', `lease renewal failed: ${messageOf(error)}`);
    }
  }
}

type NoticeFn = (bot: string, level: RunnerNoticeLevel, message: string) => void;

function messageOf(error: unknown): string {
  return error instanceof FleetError || error instanceof Error ? error.message.split('\n')[0] : String(error);
}
