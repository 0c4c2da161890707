import { exchangeKeyNames, hasExchangeKeys, venueQuote } from '../broker/index.js';
import type { Broker } from '../core/index.js';
import type { RiskLimits } from '../risk/index.js';
import { botRiskLimits, brokerMismatches, roundTrips } from '../runner/index.js';
import {
  activeOrders,
  type BotRecord,
  eventsOf,
  fillsOf,
  getBot,
  type ModeChangeOptions,
  modeChangeBlockers,
  readFlags,
  readPosition,
  type Store,
  setBotMode,
} from '../store/index.js';
import { knownBot } from './known-bot.js';

const DAY_MS = 86_400_000;

export interface PromotionOptions {
  /** Where the exchange keys are looked for (`<EXCHANGE>_API_KEY`, `<EXCHANGE>_SECRET`). */
  readonly env: NodeJS.ProcessEnv;
  readonly minPaperDays: number;
  readonly minPaperTrades: number;
  /**
   * Compares the live account with the bot's ledger and returns the mismatches (empty: they
   * agree). Injected by the caller (the CLI builds it from a ccxt broker); called only when
   * every other check that needs no network has passed far enough to have keys.
   */
  readonly reconcileLive: (bot: BotRecord) => Promise<string[]>;
  /** Epoch ms; default Date.now(). */
  readonly now?: number;
  /** The market's smallest order quantity (marketMinimumQuantity): a position below it is dust, not a position. */
  readonly dust?: number;
}

/** The rails a live bot must have set: without them one order or one position has no ceiling. */
export const REQUIRED_LIVE_RAILS = ['max_order_value', 'max_position_value', 'daily_loss_limit'] as const;

/**
 * The promotion gate: every reason the bot may not go live now, each one line; an empty list means
 * it may. Checks, in order: registered; not already live; the paper record is long enough (days
 * since mode_since) and busy enough (round trips closed since then); no halt or kill switch now,
 * and no halt during the paper record that was not explicitly cleared; flat, no active orders and
 * no running runner (modeChangeBlockers: the mode change resets the ledger); a real exchange (not
 * the sandbox) with its API keys in `env`; finite risk rails (REQUIRED_LIVE_RAILS); and the live
 * account agrees with the ledger (liveAccountMismatches). docs/fleet.md says why each condition
 * exists.
 */
export async function checkPromotion(store: Store, name: string, options: PromotionOptions): Promise<string[]> {
  const bot = await getBot(store, name);
  if (bot === undefined) return [`bot '${name}' is not registered (add it to fleet.config.json, then fleet register)`];
  if (bot.mode === 'live') return [`bot '${name}' is already live (since ${bot.modeSince.toISOString()})`];
  const reasons: string[] = [];
  const now = options.now ?? Date.now();

  const days = (now - bot.modeSince.getTime()) / DAY_MS;
  if (days < options.minPaperDays) {
    reasons.push(
      `paper record is ${days.toFixed(1)} days (since ${bot.modeSince.toISOString()}); ${options.minPaperDays} needed (promotion.min_paper_days)`,
    );
  }
  const fills = await fillsOf(store, name, { since: bot.modeSince });
  const trades = roundTrips(fills.map((fill) => ({ ...fill, time: fill.time.getTime() }))).length;
  if (trades < options.minPaperTrades) {
    reasons.push(
      `${trades} closed paper trade${trades === 1 ? '' : 's'} since ${bot.modeSince.toISOString()}; ${options.minPaperTrades} needed (promotion.min_paper_trades)`,
    );
  }

  const flags = await readFlags(store, name);
  if (flags.halted)
    reasons.push(`halted now${flags.haltedReason ? `: ${flags.haltedReason}` : ''} (fleet resume clears it)`);
  else {
    const unresolved = await unresolvedHalt(store, bot);
    if (unresolved !== undefined) reasons.push(unresolved);
  }
  if (flags.killSwitch) reasons.push('its kill switch is set (fleet resume clears it)');
  if (flags.globalKillSwitch) reasons.push('the global kill switch is set (fleet resume --all clears it)');

  reasons.push(...(await modeChangeBlockers(store, name, 'live', { dust: options.dust })));

  const sandbox = bot.exchange === 'sandbox';
  if (sandbox) {
    reasons.push('it runs on the sandbox exchange, which has no live side: declare it on a real exchange');
  }
  const keys = !sandbox && hasExchangeKeys(bot.exchange, options.env);
  if (!sandbox && !keys) {
    const names = exchangeKeyNames(bot.exchange);
    reasons.push(`no API keys for ${bot.exchange}: set ${names.apiKey} and ${names.secret} in the environment or .env`);
  }

  reasons.push(...railProblems(bot));

  if (keys) {
    try {
      for (const mismatch of await options.reconcileLive(bot)) reasons.push(`live account: ${mismatch}`);
    } catch (error) {
      reasons.push(`live account could not be reconciled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return reasons;
}

/** Why the bot's resolved rails are not enough to go live; empty when they are. */
function railProblems(bot: BotRecord): string[] {
  let limits: RiskLimits;
  try {
    limits = botRiskLimits(bot);
  } catch (error) {
    return [`risk rails are invalid: ${(error as Error).message}`];
  }
  const value: Record<(typeof REQUIRED_LIVE_RAILS)[number], number> = {
    max_order_value: limits.maxOrderValue,
    max_position_value: limits.maxPositionValue,
    daily_loss_limit: limits.dailyLossLimit,
  };
  const missing = REQUIRED_LIVE_RAILS.filter((key) => !Number.isFinite(value[key]));
  return missing.length === 0
    ? []
    : [`no limit set for ${missing.join(', ')}: set them in fleet.config.json (risk, or the bot's risk)`];
}

/** The last halt of the paper record that no later `unhalted`/`resumed` event cleared. */
async function unresolvedHalt(store: Store, bot: BotRecord): Promise<string | undefined> {
  const events = await eventsOf(store, {
    bot: bot.name,
    since: bot.modeSince,
    kinds: ['halted', 'unhalted', 'resumed'],
  });
  let open: (typeof events)[number] | undefined;
  for (const event of events) open = event.kind === 'halted' ? event : undefined;
  if (open === undefined) return undefined;
  return `halted at ${open.time.toISOString()} (${open.message}) and never resumed since`;
}

/**
 * The reconciliation a bot must pass against the live account it is about to trade: the runner's
 * own, of the bot's ledger (its position in the symbol and its active orders) against the account
 * (so a ledger that is flat wants none of the base asset and no open order in the symbol: anything
 * there belongs to someone else, and the bot would trade on top of it), and the account must hold
 * at least the bot's capital in the quote currency, the cash the ledger starts live with. Returns
 * the mismatches, one line each.
 */
export async function liveAccountMismatches(store: Store, bot: BotRecord, broker: Broker): Promise<string[]> {
  const position = await readPosition(store, bot.name, bot.symbol);
  const quote = venueQuote(bot.exchange, bot.symbol);
  const [found, balances] = await Promise.all([
    brokerMismatches({
      broker,
      symbol: bot.symbol,
      expected: { position: position.quantity, cash: 0 },
      unlisted: 0,
      live: await activeOrders(store, bot.name),
      // The account is shared with the world outside the bot: its cash is not the bot's.
      ownAccount: false,
      quote,
      dust: await broker.minimumQuantity(bot.symbol),
    }),
    broker.balances(),
  ]);
  const mismatches = found.map((mismatch) => mismatch.message);
  const held = balances[quote] ?? 0;
  if (held < bot.capital) {
    mismatches.push(`the account holds ${held} ${quote}, less than the bot's capital ${bot.capital}`);
  }
  return mismatches;
}

export interface ModeAudit {
  /** Who: user@host for a person. */
  readonly actor: string;
  /** Why, recorded with the event. */
  readonly reason: string;
}

/**
 * Switches a paper bot to live. This does not run the gate: call checkPromotion first and promote
 * only on an empty list. The switch itself refuses (SafetyError) a bot that holds a position, has
 * active orders or a running runner, and resets its ledger (see setBotMode). Records a `promoted`
 * alert event with the actor and reason. `options.dust`: positions below the market's smallest
 * order count as flat and are written off.
 */
export async function promoteBot(
  store: Store,
  name: string,
  audit: ModeAudit,
  options: ModeChangeOptions = {},
): Promise<void> {
  await knownBot(store, name);
  await setBotMode(store, name, 'live', audit, options);
}

/**
 * Switches a bot back to paper, with no gate but the mode change's own: a SafetyError while it
 * holds a position, has active orders or a running runner. Resets its ledger and its paper account
 * to the capital (see setBotMode), starts a new paper record (mode_since) and records a `demoted`
 * alert event. Returns false when the bot was already paper (nothing changes). `options.dust`:
 * positions below the market's smallest order (what a live exit leaves) count as flat and are
 * written off.
 */
export async function demoteBot(
  store: Store,
  name: string,
  audit: ModeAudit,
  options: ModeChangeOptions = {},
): Promise<boolean> {
  const bot = await knownBot(store, name);
  if (bot.mode === 'paper') return false;
  await setBotMode(store, name, 'paper', audit, options);
  return true;
}
