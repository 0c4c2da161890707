import { type Broker, type FleetError, SafetyError, UsageError } from '../core/index.js';
import { assembleRunners, type BotOutcome, type RunnerGroup, type RunnerNotice, runBots } from '../runner/index.js';
import { type BotMode, type BotRecord, getBot, listBots, recordEvent, type Store } from '../store/index.js';

export interface RunFleetOptions {
  readonly store: Store;
  /** Bot names; empty means every registered bot in `mode`. */
  readonly bots: readonly string[];
  /** The mode the caller means to run: a bot registered in the other mode is refused. */
  readonly mode: BotMode;
  readonly speed?: number;
  /** Identifies this process in the bots' leases. */
  readonly owner: string;
  readonly signal?: AbortSignal;
  /** Stop once the sandbox clock reaches this time. */
  readonly until?: number;
  readonly waitForLease?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly apiBaseUrl?: string;
  readonly leaseTtlMs?: number;
  readonly onNotice?: (notice: RunnerNotice) => void;
  readonly onTick?: (bot: string, milliseconds: number) => void;
}

/**
 * Runs the named bots in this process until aborted: each in the mode it is registered in, which
 * must be the mode asked for, so `--paper` can never start real trading by accident.
 */
export async function runFleetBots(options: RunFleetOptions): Promise<BotOutcome[]> {
  const { bots, refused } = await selectBots(options.store, options.bots, options.mode);
  const assembly = await assembleRunners({
    store: options.store,
    bots,
    owner: options.owner,
    speed: options.speed,
    env: options.env,
    apiBaseUrl: options.apiBaseUrl,
    leaseTtlMs: options.leaseTtlMs,
  });
  const { groups } = assembly;
  const failed = [...refused, ...assembly.failed];
  try {
    // A bot that cannot be built is told and recorded; the others in this process run on.
    for (const outcome of failed) {
      const message = `could not start: ${outcome.reason}`;
      options.onNotice?.({ bot: outcome.bot, level: 'error', message });
      await recordEvent(options.store, { bot: outcome.bot, level: 'error', kind: 'start_failed', message });
    }
    const outcomes = await Promise.all(groups.map((group) => runGroup(group, options)));
    return [...failed, ...outcomes.flat()];
  } finally {
    await Promise.all(groups.flatMap((group) => group.brokers.map((broker: Broker) => broker.close().catch(() => {}))));
  }
}

function runGroup(group: RunnerGroup, options: RunFleetOptions): Promise<BotOutcome[]> {
  return runBots({
    store: options.store,
    runners: group.runners,
    clock: group.clock,
    signal: options.signal,
    until: options.until,
    waitForLease: options.waitForLease,
    onNotice: options.onNotice,
    onTick: options.onTick,
  });
}

async function selectBots(
  store: Store,
  names: readonly string[],
  mode: BotMode,
): Promise<{ bots: BotRecord[]; refused: BotOutcome[] }> {
  if (names.length === 0) {
    const all = (await listBots(store)).filter((bot) => bot.mode === mode);
    if (all.length === 0) throw new UsageError(`no ${mode} bots are registered (declare them in fleet.config.json)`);
    return { bots: all, refused: [] };
  }
  const bots: BotRecord[] = [];
  const refused: BotOutcome[] = [];
  let firstRefusal: FleetError | undefined;
  for (const name of names) {
    const bot = await getBot(store, name);
    if (bot === undefined) throw new UsageError(`no bot named '${name}' is registered (fleet ls lists them)`);
    if (bot.mode === mode) {
      bots.push(bot);
      continue;
    }
    const error =
      bot.mode === 'live'
        ? new UsageError(`bot '${name}' is live: run it with --live, or fleet demote ${name} first`)
        : new SafetyError(`bot '${name}' is a paper bot: fleet promote ${name} --live must pass before it trades live`);
    firstRefusal ??= error;
    refused.push({ bot: name, state: 'failed', reason: error.message });
  }
  // Asked for nothing but bots in the other mode: that is the caller's mistake, said as such. One
  // among others (its mode changed since fleet up started) fails alone.
  if (firstRefusal !== undefined && bots.length === 0) throw firstRefusal;
  return { bots, refused };
}
