import type { LedgerOrder } from '../store/index.js';
import type { BotRun } from './bot-run.js';
import { brokerMismatches } from './broker-check.js';
import type { Mismatch } from './reconcile.js';
import { halt } from './runner-halt.js';

/**
 * Compares the ledger with the broker's own record; any difference halts the bot. `live`: the
 * orders the ledger holds as live, as the order sync just left them. Returns them as the
 * comparison left them (it may sync once more).
 */
export async function reconcileOrHalt(run: BotRun, when: 'boot' | 'tick', live: LedgerOrder[]): Promise<LedgerOrder[]> {
  let mismatches = await compareWithBroker(run, live);
  if (mismatches.length > 0) {
    // A fill can land between reading the orders and reading the balances: catch up with the
    // orders once more and look again, so only a difference that stays halts the bot.
    live = await run.desk.syncOrders(run.lastBarTime);
    mismatches = await compareWithBroker(run, live);
  }
  if (mismatches.length === 0) return live;
  return halt(run, `reconciliation mismatch on ${when}: ${mismatches.map((m) => m.message).join('; ')}`, {
    mismatches,
  });
}

function compareWithBroker(run: BotRun, live: readonly LedgerOrder[]): Promise<Mismatch[]> {
  const { broker, bot } = run.options;
  return brokerMismatches({
    broker,
    symbol: bot.symbol,
    expected: run.desk.expected,
    unlisted: run.desk.unlisted,
    live,
    ownAccount: run.options.ownAccount ?? false,
    quote: run.options.quote ?? 'USDT',
    dust: run.desk.dust,
  });
}
