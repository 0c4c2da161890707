import { sleep } from '../core/index.js';
import { utcDay } from '../risk/index.js';
import { hasDailySummary, recordDailySummary, type Store } from '../store/index.js';
import { type BotPnl, fleetPnl } from './pnl.js';

const DAY_MS = 86_400_000;

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

/**
 * Records the fleet's daily P&L summary (event `daily_summary`, level info, no bot) for the UTC
 * day of `now`, unless that day has one: the figures of `fleet pnl --since 24h` (fleetPnl over the
 * 24 h before `now`), in total and per bot. Recorded on the wall clock, whatever sandbox clocks the
 * bots run on; once per UTC day however many processes call it (a unique index on the day).
 * Returns the event id, or undefined when the day had its summary or no bot is registered.
 */
export async function recordDailyPnl(store: Store, now: number = Date.now()): Promise<number | undefined> {
  const day = utcDay(now);
  if (await hasDailySummary(store, day)) return undefined;
  const since = new Date(now - DAY_MS);
  const pnl = await fleetPnl(store, { since });
  if (pnl.bots.length === 0) return undefined;
  const { totals } = pnl;
  const message =
    `daily P&L, 24 h to ${new Date(now).toISOString().slice(0, 16)}Z: realised ${signed(totals.realised)}, ` +
    `unrealised ${signed(totals.unrealised)}, fees ${totals.fees.toFixed(2)}, ${totals.tradesClosed} trade(s) closed ` +
    `(${totals.wins} won), equity ${totals.equity.toFixed(2)} over ${pnl.bots.length} bot(s)`;
  const figures = (row: Omit<BotPnl, 'bot' | 'mode' | 'symbol'>) => ({
    realised: row.realised,
    unrealised: row.unrealised,
    fees: row.fees,
    tradesClosed: row.tradesClosed,
    wins: row.wins,
    equity: row.equity,
    equityChange: row.equityChange,
  });
  return recordDailySummary(store, day, {
    level: 'info',
    message,
    data: {
      since: since.toISOString(),
      until: new Date(now).toISOString(),
      totals: figures(totals),
      bots: pnl.bots.map((row) => ({ bot: row.bot, mode: row.mode, ...figures(row) })),
    },
  });
}

/**
 * Calls recordDailyPnl now and every `everyMs` (default a minute) until `signal` aborts, so the
 * summary of a day goes out within a minute of 00:00 UTC (or when the process starts, if later).
 * A failed attempt (database away) is told to `onError` and tried again at the next.
 */
export async function runDailyPnl(
  store: Store,
  signal: AbortSignal,
  options: { everyMs?: number; onError?: (error: unknown) => void } = {},
): Promise<void> {
  while (!signal.aborted) {
    try {
      await recordDailyPnl(store);
    } catch (error) {
      options.onError?.(error);
    }
    await sleep(options.everyMs ?? 60_000, signal);
  }
}
