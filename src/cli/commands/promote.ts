import { createLiveBroker, marketMinimumQuantity } from '../../broker/index.js';
import { FleetError, SafetyError, UsageError } from '../../core/index.js';
import {
  checkPromotion,
  configSchema,
  demoteBot,
  knownBot,
  liveAccountMismatches,
  type ProjectConfig,
  promoteBot,
  readProjectConfig,
} from '../../fleet/index.js';
import { type BotRecord, readPosition, type Store } from '../../store/index.js';
import { askConfirm } from '../prompts.js';
import { interactive, stderr, stdout } from '../terminal.js';
import { actor, withFleetStore } from './fleet-store.js';

interface PromoteFlags {
  live?: boolean;
  yes?: boolean;
  reason?: string;
  json?: boolean;
  apiUrl?: string;
}

/**
 * `fleet promote <bot> --live [--yes] [--reason TEXT]`: runs the promotion gate and prints its
 * verdict, then, if it passes and the user confirms (a prompt on a terminal, --yes elsewhere: its
 * absence is a usage error only after a passing verdict), switches the bot to live.
 * Refused: exit 3 with each reason on its own line (also when the bot started trading or its runner
 * started between the gate and the switch: the switch checks again).
 */
export async function promoteCommand(name: string, flags: PromoteFlags): Promise<void> {
  if (!flags.live) throw new UsageError('fleet promote: --live is required (promotion takes a bot to live trading)');
  const promotion = (await projectConfig()).promotion;
  const who = actor();
  const reason = flags.reason ?? 'passed the promotion gate';
  const env = process.env;
  const reconcileLive =
    (store: Store) =>
    async (bot: BotRecord): Promise<string[]> => {
      const broker = await createLiveBroker({
        exchange: bot.exchange,
        env,
        symbols: [bot.symbol],
        ...(flags.apiUrl === undefined ? {} : { apiBaseUrl: flags.apiUrl }),
      });
      try {
        return await liveAccountMismatches(store, bot, broker);
      } finally {
        await broker.close();
      }
    };
  await withFleetStore(async (store) => {
    const bot = await knownBot(store, name); // a typo is a usage error (exit 2), not a refusal
    const dust = await dustOf(store, bot, flags.apiUrl);
    const reasons = await checkPromotion(store, name, {
      env,
      minPaperDays: promotion.min_paper_days,
      minPaperTrades: promotion.min_paper_trades,
      reconcileLive: reconcileLive(store),
      dust,
    });
    // The verdict comes first, so a refusal shows its reasons even where --yes was not given.
    if (reasons.length > 0) {
      throw new SafetyError(`promotion of ${name} to live refused:\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
    }
    stderr.info(`${name} passes the promotion gate`);
    if (!flags.yes && !interactive())
      throw new UsageError('--yes is required to promote when not running in an interactive terminal');
    if (!flags.yes && !(await askConfirm('--yes', `Promote ${name} to LIVE trading with real money?`))) {
      throw new FleetError('promotion cancelled: the bot stays in paper');
    }
    await promoteBot(store, name, { actor: who, reason }, { dust });
  });
  if (flags.json) stdout.json({ bot: name, mode: 'live', actor: who, reason, at: new Date().toISOString() });
  else stdout.line(`${name} is live (promoted by ${who}: ${reason}); its runner trades live from its next start`);
}

/**
 * `fleet demote <bot> [--reason TEXT]`: back to paper with a new paper record and a ledger reset
 * to the capital. Refused (exit 3, one line saying what to do) while the bot holds a position,
 * has active orders or its runner is running.
 */
export async function demoteCommand(name: string, flags: { reason?: string; json?: boolean }): Promise<void> {
  const who = actor();
  const reason = flags.reason ?? 'demoted by hand';
  const changed = await withFleetStore(async (store) => {
    // What a live exit leaves below the market's smallest order is dust, not a position.
    const bot = await knownBot(store, name);
    return demoteBot(store, name, { actor: who, reason }, { dust: await dustOf(store, bot) });
  });
  if (flags.json) stdout.json({ bot: name, mode: 'paper', changed, actor: who, reason });
  else if (changed) stdout.line(`${name} is back in paper (demoted by ${who}: ${reason})`);
  else stdout.line(`${name} is already in paper: nothing changed`);
}

/** The market's smallest order quantity, asked of the exchange only when the bot holds something. */
async function dustOf(store: Store, bot: BotRecord, apiBaseUrl?: string): Promise<number> {
  const held = (await readPosition(store, bot.name, bot.symbol)).quantity;
  return held === 0 ? 0 : marketMinimumQuantity(bot.exchange, bot.symbol, { apiBaseUrl });
}

/** The project's settings; the defaults when there is no fleet.config.json here. */
async function projectConfig(): Promise<ProjectConfig> {
  try {
    return await readProjectConfig(process.cwd());
  } catch (error) {
    if (error instanceof FleetError && error.message.includes('no such file')) {
      stderr.warn('no fleet.config.json here: the promotion gate uses its default settings');
      return configSchema().parse({ name: 'fleet' });
    }
    throw error;
  }
}
