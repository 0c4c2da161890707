import { utcDay } from '../risk/index.js';
import {
  type BotFlags,
  type BotMode,
  latestEquity,
  listBots,
  listFlags,
  readPosition,
  readRuntime,
  type Store,
} from '../store/index.js';

/** One row of `fleet ls`. */
export interface BotStatus {
  readonly name: string;
  readonly mode: BotMode;
  /** The runner's status (stopped, running, halted, …) as the runtime row records it. */
  readonly status: string;
  readonly exchange: string;
  readonly symbol: string;
  /** Signed base-asset units the ledger holds in the bot's symbol. */
  readonly position: number;
  /** Latest equity point; the runtime's cash when the bot has none yet. */
  readonly equity: number;
  /**
   * Equity now minus the equity the bot's current UTC day started with (a sandbox bot's day is on
   * its own clock); null before the runner set it for that day.
   */
  readonly pnlToday: number | null;
  readonly heartbeatAt: Date | null;
  /** Milliseconds since the last heartbeat; null without one. */
  readonly heartbeatAgeMs: number | null;
  readonly haltedReason: string | null;
  readonly flags: Omit<BotFlags, 'haltedReason'>;
}

/** Every registered bot's state, by name, as one query each from the ledger and the runtime. */
export async function fleetStatus(store: Store, options: { now?: number } = {}): Promise<BotStatus[]> {
  const now = options.now ?? Date.now();
  const today = utcDay(now);
  const [bots, flags, equity] = await Promise.all([listBots(store), listFlags(store), latestEquity(store)]);
  const rows: BotStatus[] = [];
  for (const bot of bots) {
    const runtime = await readRuntime(store, bot.name);
    const position = await readPosition(store, bot.name, bot.symbol);
    const own = flags.get(bot.name);
    const mark = equity.get(bot.name);
    const current = mark?.equity ?? runtime?.cash ?? bot.capital;
    // "Today" is the bot's own day: a sandbox bot at speed lives on its compressed clock, whose
    // latest equity point says which day it is in.
    const botDay = bot.exchange === 'sandbox' && mark !== undefined ? utcDay(mark.time.getTime()) : today;
    const dayStart = runtime?.day === botDay ? runtime.dayStartEquity : null;
    const heartbeatAt = runtime?.heartbeatAt ?? null;
    rows.push({
      name: bot.name,
      mode: bot.mode,
      status: runtime?.status ?? bot.status,
      exchange: bot.exchange,
      symbol: bot.symbol,
      position: position.quantity,
      equity: current,
      pnlToday: dayStart === null || dayStart === undefined ? null : current - dayStart,
      heartbeatAt,
      heartbeatAgeMs: heartbeatAt === null ? null : Math.max(0, now - heartbeatAt.getTime()),
      haltedReason: own?.halted ? own.haltedReason : null,
      flags: {
        killSwitch: own?.killSwitch ?? false,
        globalKillSwitch: own?.globalKillSwitch ?? false,
        paused: own?.paused ?? false,
        halted: own?.halted ?? false,
      },
    });
  }
  return rows;
}
