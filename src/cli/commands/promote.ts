import { FleetError, SafetyError, UsageError } from '../../core/index.js';
import {
  configSchema,
  demoteToPaper,
  type ProjectConfig,
  promoteToLive,
  readProjectConfig,
} from '../../fleet/index.js';
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
  const outcome = await withFleetStore((store) =>
    promoteToLive(store, name, {
      env: process.env,
      minPaperDays: promotion.min_paper_days,
      minPaperTrades: promotion.min_paper_trades,
      audit: { actor: who, reason },
      ...(flags.apiUrl === undefined ? {} : { apiBaseUrl: flags.apiUrl }),
      // The verdict comes first, so a refusal shows its reasons even where --yes was not given.
      confirm: async () => {
        stderr.info(`${name} passes the promotion gate`);
        if (flags.yes) return true;
        if (!interactive())
          throw new UsageError('--yes is required to promote when not running in an interactive terminal');
        return askConfirm('--yes', `Promote ${name} to LIVE trading with real money?`);
      },
    }),
  );
  if (outcome.status === 'refused') {
    throw new SafetyError(
      `promotion of ${name} to live refused:\n${outcome.reasons.map((r) => `  - ${r}`).join('\n')}`,
    );
  }
  if (outcome.status === 'cancelled') throw new FleetError('promotion cancelled: the bot stays in paper');
  if (flags.json) stdout.json({ bot: name, mode: 'live', actor: who, reason, at: outcome.at.toISOString() });
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
  const changed = await withFleetStore((store) => demoteToPaper(store, name, { actor: who, reason }));
  if (flags.json) stdout.json({ bot: name, mode: 'paper', changed, actor: who, reason });
  else if (changed) stdout.line(`${name} is back in paper (demoted by ${who}: ${reason})`);
  else stdout.line(`${name} is already in paper: nothing changed`);
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
