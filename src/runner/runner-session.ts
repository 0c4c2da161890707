import { recordEvent } from '../store/index.js';
import type { BotRun } from './bot-run.js';

/**
 * When the next bar closes, on the runner's clock: over a closed market, the next session's first.
 * Earlier while a reversal's entry waits for its exit: when that exit should fill (at the open).
 */
export function nextBarClose(run: BotRun): number {
  const { clock, calendar } = run.options;
  const tfMs = run.timeframeMs;
  const now = clock.now();
  const last = run.lastBarTime ?? Math.floor(now / tfMs) * tfMs - tfMs;
  const close =
    calendar === undefined || calendar.alwaysOpen
      ? last + 2 * tfMs
      : calendar.tradingBarTimes(last + tfMs, tfMs, 1)[0] + tfMs;
  return Math.min(close, run.held.wake(now, last) ?? close);
}

/** Records the venue's open or close since the last look, if there was one, and tells the listener. */
export async function recordSessionChange(run: BotRun, now: number): Promise<void> {
  const session = run.session?.look(now);
  if (session === undefined) return;
  const bot = run.options.bot.name;
  await recordEvent(run.options.store, { ...session, bot }, run.lease.fence);
  run.listeners.session?.({ ...session, bot });
}
