import { SafetyError, type Timeframe } from '../core/index.js';
import { type LedgerOrder, readFlags, recordEvent } from '../store/index.js';
import { tradeDecision } from './bar-trade.js';
import type { BotRun } from './bot-run.js';
import { reconcileOrHalt } from './broker-reconciliation.js';
import { reloadBook } from './ledger-book.js';
import { haltOnVanished, stopsTrading } from './runner-halt.js';
import { recordSessionChange } from './runner-session.js';
import type { Decision } from './strategy-feed.js';

export interface TickReport {
  /** New closed bars seen (only the newest is traded on). */
  readonly bars: number;
  readonly barTime: number | null;
}

/** One pass: catch up with the broker, then trade on the newest closed bar, if any. */
export async function tickRun(run: BotRun): Promise<TickReport> {
  // After a failed tick the database, not memory, knows which fills were recorded (a commit
  // whose answer was lost still counts): read the book back before going on.
  if (run.interrupted) await reloadBook(run);
  run.interrupted = true;
  const report = await haltOnVanished(run, () => tickOnce(run));
  run.interrupted = false;
  return report;
}

async function tickOnce(run: BotRun): Promise<TickReport> {
  const { store, bot, feed, clock } = run.options;
  run.ticks++;
  // Asleep past its renewals (a suspended process, a long pause), another runner may have the
  // bot by now: make sure of the lease before acting on anything.
  if (run.lease.dueForRenewal()) await run.lease.renew();
  let live = await run.desk.syncOrders(run.lastBarTime);
  if (run.ticks % (run.options.reconcileEvery ?? 1) === 0) live = await reconcileOrHalt(run, 'tick', live);
  const flags = await readFlags(store, bot.name);
  const stopped = stopsTrading(flags);
  if (stopped) await run.desk.cancelOrders('all', 'kill switch');
  if (flags.halted) throw new SafetyError(`bot '${bot.name}' is halted: ${flags.haltedReason ?? ''}`);
  // A reversal's entry goes out once its exit has filled, before the next bar is decided on.
  if (await run.held.release(stopped)) live = await run.desk.syncOrders(run.lastBarTime);

  const now = clock.now();
  await recordSessionChange(run, now);
  const from = run.lastBarTime === null ? now - run.timeframeMs : run.lastBarTime + run.timeframeMs;
  const bars = await feed.closedBars(bot.symbol, bot.timeframe as Timeframe, from, now);
  if (bars.length === 0) {
    if (!stopped && run.lastBarTime !== null) await run.desk.protect(run.lastBarTime, live);
    await run.lease.renew();
    return { bars: 0, barTime: run.lastBarTime };
  }
  const decision = run.strategy.next(bars);
  if (bars.length > 1) live = await skipBars(run, bars.length - 1, decision, live);
  if (decision !== undefined) {
    await tradeDecision(run, decision, stopped, live);
  } else if (!stopped && run.lastBarTime !== null) {
    await run.desk.protect(run.lastBarTime, live);
  }
  return { bars: bars.length, barTime: run.lastBarTime };
}

/**
 * After downtime: `skipped` bars closed before the newest, seen only by the indicators. Returns
 * the live orders as it left them.
 */
async function skipBars(
  run: BotRun,
  skipped: number,
  decision: Decision | undefined,
  live: LedgerOrder[],
): Promise<LedgerOrder[]> {
  // Only the newest bar is traded: an order persisted for a skipped bar and never sent (a
  // runner killed in between) is closed now, not left behind a bar about to be marked done.
  if (decision !== undefined) live = await run.desk.syncOrders(decision.barTime - run.timeframeMs);
  await recordEvent(
    run.options.store,
    {
      bot: run.options.bot.name,
      level: 'warn',
      kind: 'caught_up',
      message: `${skipped} bar(s) closed while the runner was away; indicators caught up, orders only on the newest`,
    },
    run.lease.fence,
  );
  return live;
}
