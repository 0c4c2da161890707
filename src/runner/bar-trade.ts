import type { LedgerOrder } from '../store/index.js';
import { closeBar, dailyLossBreach } from './bar-close.js';
import type { BotRun } from './bot-run.js';
import { halt } from './runner-halt.js';
import type { Decision } from './strategy-feed.js';

/**
 * Trades the strategy's decision on the newest bar: its transition's orders, protection for what
 * they leave, and the bar's close. `stopped`: the kill switch is on (nothing is protected, which
 * would mean sending). `live`: the ledger's live orders as the tick last read them.
 */
export async function tradeDecision(
  run: BotRun,
  decision: Decision,
  stopped: boolean,
  live: readonly LedgerOrder[],
): Promise<void> {
  // The breaker looks before the bar's orders too: a bot already past its daily loss sends no
  // entry, but its exits still go out (a bot can always get out), and then it halts.
  const breach = dailyLossBreach(run, decision.barTime, decision.close);
  const acted = await carryOut(run, decision.barTime, decision.fired, breach === undefined);
  if (breach !== undefined) await halt(run, breach.reason, breach.data);
  if (!stopped) await run.desk.protect(decision.barTime, acted ? undefined : live);
  await closeBar(run, decision.barTime, decision.close);
  run.strategy.traded();
}

/**
 * Carries out the transition that fired on the bar, if any: exit (after cancelling the protective
 * orders), then entry, unless `entries` is false. True when it acted on one.
 */
async function carryOut(run: BotRun, barTime: number, fired: number, entries: boolean): Promise<boolean> {
  if (fired < 0) return false;
  const transition = run.options.strategy.transitions[fired];
  if (transition.action === 'enter' && !entries) return false;
  if (transition.action !== 'enter') {
    await run.desk.cancelOrders(['stop', 'take_profit'], 'signal exit');
    const exit = await run.desk.step('exit', barTime, transition.to, 1);
    // The exit is working, not filled (a closed market fills it at the open): its entry can be
    // sized only from what the exit leaves, so it waits for the fill.
    if (transition.action === 'reverse' && entries && exit === 'done' && !run.desk.flat) {
      await run.held.hold(barTime, transition.to, transition.size);
      return true;
    }
  }
  if (transition.action !== 'exit' && entries) {
    await run.desk.step('entry', barTime, transition.to, transition.size);
  }
  return true;
}
