import { bookEquity } from '../backtest/index.js';
import { recordEquity } from '../store/index.js';
import type { BotRun } from './bot-run.js';
import { crashPoint, freezePoint } from './crash-point.js';
import { halt } from './runner-halt.js';
import type { DailyLossBreach } from './trading-day.js';

/**
 * Closes the traded bar: its equity point, the trading day's start (when the day turned), and a
 * heartbeat that marks the bar done; then the daily-loss breaker on the equity it closed at.
 * The heartbeat marks the bar done, so it follows the bar's writes: a runner killed before it
 * redoes the bar, and each step finds its order.
 */
export async function closeBar(run: BotRun, barTime: number, close: number): Promise<void> {
  const { store, bot } = run.options;
  const book = run.desk.book;
  const equity = bookEquity(book, close);
  const closeTime = barTime + run.timeframeMs;
  freezePoint('equity');
  await recordEquity(
    store,
    {
      bot: bot.name,
      time: new Date(closeTime),
      cash: book.cash,
      equity,
      position: book.position,
      price: close,
    },
    run.lease.fence,
  );
  crashPoint('equity');
  await run.tradingDay.close(closeTime, equity);
  await run.lease.renew(barTime);
  run.lastBarTime = barTime;
  const breach = dailyLossBreach(run, barTime, close);
  if (breach !== undefined) await halt(run, breach.reason, breach.data);
}

/** Whether the bot's equity at the bar's close is past the daily-loss limit for its day. */
export function dailyLossBreach(run: BotRun, barTime: number, close: number): DailyLossBreach | undefined {
  return run.tradingDay.breach(barTime + run.timeframeMs, bookEquity(run.desk.book, close));
}
