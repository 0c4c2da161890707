import type { z as Zod } from 'zod';
import { InputError, zod } from '../core/index.js';
import {
  RISK_RAIL_KEYS,
  RISK_RAIL_RULES,
  type RiskRailKey,
  riskRailExpectation,
  riskRailFields,
} from '../spec/index.js';

/** The numbers the rails enforce. Resolve them from settings with `resolveRiskLimits`. */
export interface RiskLimits {
  /** Largest notional of one order, quote currency; Infinity = none. */
  readonly maxOrderValue: number;
  /** Largest |position| * price after the order, quote currency; Infinity = none. */
  readonly maxPositionValue: number;
  /** An order's reference price may differ from the last trade by at most this fraction. */
  readonly priceCollar: number;
  /** Loss since the UTC day began, as a fraction of that day's starting equity, that halts the bot. */
  readonly dailyLossLimit: number;
  readonly maxOrdersPerMinute: number;
  /** No order on a bar whose close is older than this many timeframes. */
  readonly staleAfterBars: number;
}

/**
 * What a bot gets when nothing is configured (reasons in docs/risk.md): brakes that never get in
 * the way of a sane bar-close strategy but stop a fat finger, a runaway loop, a stalled feed or a
 * bad day. The two value caps depend on the account and its quote currency, so there is no
 * honest default for them: set them before going live.
 */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  maxOrderValue: Number.POSITIVE_INFINITY,
  maxPositionValue: Number.POSITIVE_INFINITY,
  priceCollar: 0.05,
  dailyLossLimit: 0.05,
  maxOrdersPerMinute: 10,
  staleAfterBars: 2,
});

/** The rail settings as JSON spells them: a spec's `risk` block, the project config, a bot override. */
export type RiskLimitsInput = { readonly [K in RiskRailKey]: number };

const FIELD: { readonly [K in RiskRailKey]: keyof RiskLimits } = {
  max_order_value: 'maxOrderValue',
  max_position_value: 'maxPositionValue',
  price_collar: 'priceCollar',
  daily_loss_limit: 'dailyLossLimit',
  max_orders_per_minute: 'maxOrdersPerMinute',
  stale_after_bars: 'staleAfterBars',
};

/**
 * Merges rail settings over the defaults, later layers winning: the spec's `risk` block, then the
 * project config's global `risk`, then the bot's own override. A layer may be undefined, may leave
 * keys out, and may carry other keys (a spec's risk block also holds stop_loss and friends): only
 * the six rail keys are read. Unknown keys are the schema's business (`riskRailsSchema` is strict).
 * A rail key with a bad value throws InputError naming it:
 * `risk.price_collar must be a fraction in (0, 1], got 5`.
 * The two value caps also take Infinity (no limit), which JSON cannot spell: leave the key out.
 */
export function resolveRiskLimits(...layers: Array<Partial<RiskLimitsInput> | undefined>): RiskLimits {
  const limits: Record<keyof RiskLimits, number> = { ...DEFAULT_RISK_LIMITS };
  for (const layer of layers) {
    if (layer === undefined || layer === null) continue;
    for (const key of RISK_RAIL_KEYS) {
      const value: unknown = layer[key];
      if (value === undefined) continue;
      limits[FIELD[key]] = checkRailValue(key, value);
    }
  }
  return Object.freeze(limits);
}

function checkRailValue(key: RiskRailKey, value: unknown): number {
  const kind = RISK_RAIL_RULES[key].kind;
  const ok =
    typeof value === 'number' &&
    value > 0 &&
    (kind === 'fraction'
      ? value <= 1
      : kind === 'count'
        ? Number.isInteger(value)
        : !Number.isNaN(value)); /* amount: Infinity means no limit */
  if (!ok) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new InputError(`risk.${key} must be ${riskRailExpectation(key)}, got ${shown}`);
  }
  return value as number;
}

/**
 * A zod schema of the six rail keys, all optional, strict (a typo is an error), with descriptions,
 * for a config to embed (`risk: riskRailsSchema().optional()`). It checks each key as the spec does.
 */
export function riskRailsSchema() {
  built ??= zod().strictObject(riskRailFields(zod()));
  return built;
}

let built: Zod.ZodObject<ReturnType<typeof riskRailFields>, Zod.core.$strict> | undefined;

export type RiskRailsSettings = Zod.output<ReturnType<typeof riskRailsSchema>>;
