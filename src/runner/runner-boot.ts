import { FencedOutError, FleetError, SafetyError, type Timeframe } from '../core/index.js';
import { type BotRecord, countOrdersSince, getBot, readFlags, recordEvent, type Store } from '../store/index.js';
import type { BotRun } from './bot-run.js';
import { reconcileOrHalt } from './broker-reconciliation.js';
import { registeredRuntime, reloadBook } from './ledger-book.js';
import { haltOnVanished, stopsTrading } from './runner-halt.js';

/**
 * Boots the run: refuses an unregistered or halted bot, takes the lease, then (under it) loads,
 * catches up, reconciles and protects. A boot that fails gives the lease back, as `halted` when a
 * safety verdict stopped it, unless another runner has the lease by now.
 */
export async function bootRun(run: BotRun): Promise<void> {
  const { store, bot, broker } = run.options;
  await registeredRuntime(store, bot.name);
  const flags = await readFlags(store, bot.name);
  if (flags.halted) {
    throw new SafetyError(
      `bot '${bot.name}' is halted: ${flags.haltedReason ?? 'no reason recorded'}; resolve it, then run fleet resume ${bot.name}`,
    );
  }
  const { fence, previous } = await run.lease.acquire();
  broker.useFence?.(fence);
  try {
    if (previous !== undefined) await run.lease.recordTakeover(previous);
    await haltOnVanished(run, () => bootUnderLease(run));
  } catch (error) {
    if (!(error instanceof FencedOutError)) {
      await run.lease.release(error instanceof SafetyError ? 'halted' : 'stopped').catch(() => {});
    }
    throw error;
  }
}

/** Boot, once the lease is this runner's: load, catch up, reconcile, protect. */
async function bootUnderLease(run: BotRun): Promise<void> {
  const { store, bot, owner, broker } = run.options;
  await checkStillCurrent(store, bot);
  run.desk.forgetUnlisted();
  run.desk.dust = await broker.minimumQuantity(bot.symbol);
  // Read under the lease: the runner that held it last may have finished a bar since boot began.
  const runtime = await reloadBook(run);
  run.interrupted = false;
  run.lastBarTime = runtime.lastBarTime;
  run.tradingDay.load(runtime.day, runtime.dayStartEquity);
  run.held.load(runtime.heldEntry);
  await warmUp(run);
  await reconcileOrHalt(run, 'boot', await run.desk.syncOrders(run.lastBarTime));
  // First boot: the warm-up chose the bar to trade after. Persist it, so a runner killed
  // mid-way through the first traded bar redoes that bar on restart instead of taking it
  // for history (and cancelling the order it persisted as never received).
  if (runtime.lastBarTime === null && run.lastBarTime !== null) await run.lease.recordLastBar(run.lastBarTime);
  // Orders sent in the minute before this start still count against the order-rate rail.
  run.desk.seedOrderRate(await countOrdersSince(store, bot.name, new Date(Date.now() - 60_000)));
  const flags = await readFlags(store, bot.name);
  if (!stopsTrading(flags) && run.lastBarTime !== null) await run.desk.protect(run.lastBarTime);
  await recordEvent(
    store,
    {
      bot: bot.name,
      level: 'info',
      kind: 'started',
      message: `runner started on ${broker.name} (${bot.mode})`,
      data: { owner, position: run.desk.book.position, cash: run.desk.book.cash, lastBarTime: run.lastBarTime },
    },
    run.lease.fence,
  );
}

/**
 * The bot as this runner was built for it must still be the bot as registered: a promotion,
 * demotion or market change between building and taking the lease would have it trade a ledger
 * that now belongs to another mode or market.
 */
async function checkStillCurrent(store: Store, bot: BotRecord): Promise<void> {
  const current = await getBot(store, bot.name);
  const changed = (['mode', 'symbol', 'exchange', 'timeframe'] as const).filter((key) => current?.[key] !== bot[key]);
  if (changed.length === 0) return;
  throw new FleetError(
    `bot '${bot.name}' changed its ${changed.join(', ')} since this runner was started (now ${changed.map((key) => current?.[key]).join(', ')}): start it again`,
  );
}

/** Feeds history up to the last traded bar (or, first time, every closed bar) to the strategy. */
async function warmUp(run: BotRun): Promise<void> {
  const { bot, feed, clock } = run.options;
  const now = clock.now();
  const until = run.lastBarTime ?? now;
  const count = run.options.warmupBars ?? 1000;
  // A venue with sessions needs a longer reach for as many bars.
  const from = until - (run.options.calendar?.lookbackMs(count, run.timeframeMs) ?? count * run.timeframeMs);
  const bars = await feed.closedBars(bot.symbol, bot.timeframe as Timeframe, from, now);
  run.strategy.warmUp(bars, run.lastBarTime);
  if (run.lastBarTime === null && bars.length > 0) run.lastBarTime = bars.time[bars.length - 1];
}
