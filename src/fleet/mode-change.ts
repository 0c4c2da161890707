import { createLiveBroker, marketMinimumQuantity } from '../broker/index.js';
import { type BotRecord, readPosition, type Store } from '../store/index.js';
import { knownBot } from './known-bot.js';
import { checkPromotion, demoteBot, liveAccountMismatches, type ModeAudit, promoteBot } from './promote.js';

export interface PromoteToLiveOptions {
  /** Where the exchange keys are looked for; the live account is reconciled with them. */
  readonly env: NodeJS.ProcessEnv;
  readonly minPaperDays: number;
  readonly minPaperTrades: number;
  readonly audit: ModeAudit;
  /** The exchange's API address instead of its own (a test exchange). */
  readonly apiBaseUrl?: string;
  /**
   * Asked once the gate has passed, just before the switch: false keeps the bot in paper. (The
   * CLI prompts here, or takes --yes.)
   */
  readonly confirm: (bot: BotRecord) => Promise<boolean>;
  /** Epoch ms; default Date.now(). */
  readonly now?: number;
}

export type PromotionOutcome =
  /** The gate's reasons, one line each: the bot stays in paper. */
  | { readonly status: 'refused'; readonly reasons: string[] }
  /** The gate passed but `confirm` said no. */
  | { readonly status: 'cancelled' }
  | { readonly status: 'promoted'; readonly at: Date };

/**
 * `fleet promote --live`: runs the promotion gate (checkPromotion, with the live account reconciled
 * through a broker built from `env`'s keys), asks `confirm`, and switches the bot to live
 * (promoteBot, which checks the ledger again). A position below the market's smallest order counts
 * as flat (dust). An unregistered bot is a UsageError; the refusal is returned, not thrown.
 */
export async function promoteToLive(
  store: Store,
  name: string,
  options: PromoteToLiveOptions,
): Promise<PromotionOutcome> {
  const bot = await knownBot(store, name);
  const dust = await marketDust(store, bot, options.apiBaseUrl);
  const reasons = await checkPromotion(store, name, {
    env: options.env,
    minPaperDays: options.minPaperDays,
    minPaperTrades: options.minPaperTrades,
    now: options.now,
    dust,
    reconcileLive: async (record) => {
      const broker = await createLiveBroker({
        exchange: record.exchange,
        env: options.env,
        symbols: [record.symbol],
        ...(options.apiBaseUrl === undefined ? {} : { apiBaseUrl: options.apiBaseUrl }),
      });
      try {
        return await liveAccountMismatches(store, record, broker);
      } finally {
        await broker.close();
      }
    },
  });
  if (reasons.length > 0) return { status: 'refused', reasons };
  if (!(await options.confirm(bot))) return { status: 'cancelled' };
  await promoteBot(store, name, options.audit, { dust });
  return { status: 'promoted', at: new Date() };
}

/**
 * `fleet demote`: back to paper (demoteBot), with what a live exit leaves below the market's
 * smallest order written off as dust. False when the bot was paper already.
 */
export async function demoteToPaper(store: Store, name: string, audit: ModeAudit): Promise<boolean> {
  const bot = await knownBot(store, name);
  return demoteBot(store, name, audit, { dust: await marketDust(store, bot) });
}

/** The market's smallest order quantity, asked of the exchange only when the bot holds something. */
export async function marketDust(store: Store, bot: BotRecord, apiBaseUrl?: string): Promise<number> {
  const held = (await readPosition(store, bot.name, bot.symbol)).quantity;
  return held === 0 ? 0 : marketMinimumQuantity(bot.exchange, bot.symbol, { apiBaseUrl });
}
