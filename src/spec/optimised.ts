import { UsageError } from '../core/index.js';
import type { StrategySpec } from './schema.js';

/** One instrument's tuned values, as `fleet optimise` recorded them in the spec. */
export interface OptimisedValues {
  readonly params: Readonly<Record<string, unknown>>;
  /** Trials the result was chosen from, when the entry says. */
  readonly trials?: number;
  /** When the result was made (ISO 8601), when the entry says. */
  readonly updated?: string;
}

/**
 * The tuned values the spec's `optimised` block holds for `symbol`. None is a usage error naming
 * the instruments that do have some (or saying there are none), so the user can pick one or tune.
 */
export function optimisedValues(spec: StrategySpec, symbol: string, file: string): OptimisedValues {
  const block = spec.optimised ?? {};
  const entry = Object.hasOwn(block, symbol) ? block[symbol] : undefined;
  const params = entry?.params;
  if (entry === undefined || typeof params !== 'object' || params === null || Array.isArray(params)) {
    const tuned = Object.keys(block).filter((s) => typeof block[s]?.params === 'object');
    throw new UsageError(
      `${file} has no optimised values for ${symbol} (${
        tuned.length > 0
          ? `it has some for ${tuned.join(', ')}`
          : `none yet: run fleet optimise ${file} --symbols ${symbol}`
      })`,
    );
  }
  return {
    params: params as Readonly<Record<string, unknown>>,
    trials: typeof entry.trials === 'number' ? entry.trials : undefined,
    updated: typeof entry.updated === 'string' ? entry.updated : undefined,
  };
}
