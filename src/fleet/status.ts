import { botCalendar } from '../runner/index.js';
import {
  type BotFlags,
  type BotMode,
  latestEquity,
  listBots,
  listFlags,
  readRuntime,
  type Store,
} from '../store/index.js';
import { STALE_HEARTBEAT_MS } from './supervisor/runners.js';
import { countTrades, type TradeCount, tradeBook } from './trades.js';

/**
 * Which clock a bot's "today" is on: the wall clock (UTC), or the sandbox's compressed clock, on
 * which a day at --speed 57600 lasts a second and a half.
 */
export type BotClock = 'wall' | 'sandbox';

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
  /** Round trips closed, and 1 open when the position is a trade in progress (fleet trades lists them). */
  readonly trades: TradeCount;
  /** Latest equity point; the runtime's cash when the bot has none yet. */
  readonly equity: number;
  /**
   * Equity now minus the equity the bot's current trading day started with (its venue's day, UTC
   * for crypto; a sandbox bot's day is on its own clock); null before the runner set it for that day.
   */
  readonly pnlToday: number | null;
  /**
   * The bot's trading day `pnlToday` is for (YYYY-MM-DD, its venue's date on `clock`); null for a sandbox bot
   * that has not traded a bar yet (its clock has no day to show).
   */
  readonly day: string | null;
  /** The clock the bot's day is on. */
  readonly clock: BotClock;
  readonly heartbeatAt: Date | null;
  /** Milliseconds since the last heartbeat; null without one. */
  readonly heartbeatAgeMs: number | null;
  /**
   * The runner says running but its heartbeat is older than three heartbeat intervals
   * (STALE_HEARTBEAT_MS): it has died or hangs, and the bot is not being traded.
   */
  readonly stale: boolean;
  readonly haltedReason: string | null;
  readonly flags: Omit<BotFlags, 'haltedReason'>;
}

/** Every registered bot's state, by name, as one query each from the ledger and the runtime. */
export async function fleetStatus(store: Store, options: { now?: number } = {}): Promise<BotStatus[]> {
  const now = options.now ?? Date.now();
  const [bots, flags, equity] = await Promise.all([listBots(store), listFlags(store), latestEquity(store)]);
  const rows: BotStatus[] = [];
  for (const bot of bots) {
    const runtime = await readRuntime(store, bot.name);
    const book = await tradeBook(store, bot);
    const own = flags.get(bot.name);
    const mark = equity.get(bot.name);
    const current = mark?.equity ?? runtime?.cash ?? bot.capital;
    // "Today" is the bot's own day: its venue's trading day (UTC for crypto), and for a sandbox bot
    // at speed on its compressed clock, whose latest equity point says which day it is in.
    const clock: BotClock = bot.exchange === 'sandbox' ? 'sandbox' : 'wall';
    const calendar = botCalendar(bot);
    const botDay =
      clock === 'wall'
        ? calendar.tradingDay(now)
        : mark === undefined
          ? null
          : calendar.tradingDay(mark.time.getTime());
    const dayStart = botDay !== null && runtime?.day === botDay ? runtime.dayStartEquity : null;
    const heartbeatAt = runtime?.heartbeatAt ?? null;
    const heartbeatAgeMs = heartbeatAt === null ? null : Math.max(0, now - heartbeatAt.getTime());
    const status = runtime?.status ?? bot.status;
    rows.push({
      name: bot.name,
      mode: bot.mode,
      status,
      exchange: bot.exchange,
      symbol: bot.symbol,
      position: book.position.quantity,
      trades: countTrades(book),
      equity: current,
      pnlToday: dayStart === null || dayStart === undefined ? null : current - dayStart,
      day: botDay,
      clock,
      heartbeatAt,
      heartbeatAgeMs,
      stale: status === 'running' && heartbeatAgeMs !== null && heartbeatAgeMs > STALE_HEARTBEAT_MS,
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
