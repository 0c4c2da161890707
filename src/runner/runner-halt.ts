import { SafetyError } from '../core/index.js';
import type { RiskFlags } from '../risk/index.js';
import { recordEvent, setFlags } from '../store/index.js';
import type { BotRun } from './bot-run.js';
import { VanishedOrderError } from './vanished-order.js';

/** The kill switch, the bot's or the global one: no orders go out, open ones are cancelled. */
export const stopsTrading = (flags: RiskFlags): boolean => flags.killSwitch || flags.globalKillSwitch;

/**
 * Halts the bot: persists the flag (an alert) and the details, then throws SafetyError, so the
 * runner stops before anything else goes out.
 */
export async function halt(run: BotRun, cause: string, data: Record<string, unknown>): Promise<never> {
  const { store, bot, broker } = run.options;
  // A halted runner stops looking: where it kept the stop itself, the position is now bare.
  const bare = !broker.holdsStopOrders && !run.desk.flat && Number.isFinite(run.options.strategy.risk.stopLoss);
  const reason = bare
    ? `${cause}; its position of ${run.desk.book.position} ${bot.symbol} has no stop-loss while halted (${broker.name} holds none for it)`
    : cause;
  // setFlags records the halt as an alert event; the details go with it.
  await setFlags(
    store,
    bot.name,
    { halted: true, haltedReason: reason },
    { actor: 'runner', message: reason },
    run.lease.fence,
  );
  await recordEvent(
    store,
    { bot: bot.name, level: 'info', kind: 'halt_details', message: reason, data },
    run.lease.fence,
  );
  throw new SafetyError(`bot '${bot.name}' halted: ${reason}`);
}

/** Runs `work`; an order that vanished from the broker halts the bot, with the order named. */
export async function haltOnVanished<T>(run: BotRun, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof VanishedOrderError)) throw error;
    const reason = `reconciliation mismatch: ${error.message}`;
    return halt(run, reason, {
      mismatches: [{ kind: 'vanished_order', message: error.message }],
      order: error.order,
    });
  }
}
