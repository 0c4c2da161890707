import { type RiskLimits, type RiskLimitsInput, resolveRiskLimits } from '../risk/index.js';
import { type CheckedSpec, loadSpec } from '../spec/index.js';
import type { BotRecord } from '../store/index.js';

/**
 * The rails a bot trades under: its spec's `risk` block, then the bot's own `risk` (the project
 * config's, merged with the bot's at registration), later wins. Throws the spec's or the rails'
 * validation error when either is invalid.
 */
export function botRiskLimits(
  bot: BotRecord,
  checked: CheckedSpec = loadSpec(bot.spec, `bot ${bot.name}`),
): RiskLimits {
  return resolveRiskLimits(checked.spec.risk as Partial<RiskLimitsInput>, bot.risk as Partial<RiskLimitsInput>);
}
