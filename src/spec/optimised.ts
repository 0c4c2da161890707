import { UsageError } from '../core/index.js';
import { resolveParams } from './params.js';
import type { CheckedSpec } from './spec-check.js';

/** One instrument's tuned values, as `fleet optimise` recorded them in the spec. */
export interface OptimisedValues {
  readonly params: Readonly<Record<string, unknown>>;
  /** Trials the result was chosen from, when the entry says. */
  readonly trials?: number;
  /** When the result was made (ISO 8601), when the entry says. */
  readonly updated?: string;
}

/**
 * The tuned values the spec's `optimised` block holds for `symbol`, checked against the spec's
 * parameters as they are now. None is a usage error naming the instruments that do have some (or
 * saying there are none), so the user can pick one or tune; values the spec no longer accepts are
 * a usage error naming where they are.
 */
export function optimisedValues(checked: CheckedSpec, symbol: string, file: string): OptimisedValues {
  const block = checked.spec.optimised ?? {};
  const entry = Object.hasOwn(block, symbol) ? block[symbol] : undefined;
  const params = entry?.params;
  if (params === undefined) {
    const tuned = Object.keys(block).filter((s) => block[s].params !== undefined);
    throw new UsageError(
      `${file} has no optimised values for ${symbol} (${
        tuned.length > 0
          ? `it has some for ${tuned.join(', ')}`
          : `none yet: run fleet optimise ${file} --symbols ${symbol}`
      })`,
    );
  }
  resolveParams(checked, params, { source: `${file}: optimised.${symbol}.params` });
  return {
    params,
    trials: entry?.trials,
    updated: entry?.updated,
  };
}
