import { UsageError } from '../../core/index.js';
import { internalValue } from './space.js';
import type { Direction, SearchSpace, TrialRecord } from './types.js';

/** Optuna's default_gamma: the best 10% of the complete trials, at most 25, form the "below" group. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's default_weights: 1 for the newest 25 trials, a ramp from 1/n up to 1 for older ones. */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  // numpy.linspace(1/n, 1, ramp): both ends included, [1/n] alone when ramp is 1.
  const older = Array.from({ length: ramp }, (_, i) => (ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)));
  return [...older, ...new Array<number>(25).fill(1)];
}

export interface TrialGroups {
  /** The best gamma(n) complete trials, in trial-number order. */
  readonly below: readonly TrialRecord[];
  /** The other complete trials, with the running ones under the constant liar, in trial-number order. */
  readonly above: readonly TrialRecord[];
}

/**
 * Optuna's _split_trials for one objective: complete trials ranked by value (non-finite values
 * last), the best gamma(n) below, the rest above; failed trials ignored; running trials, when
 * the constant liar is on, join "above" as if they had the worst value, so their neighbourhood
 * looks bad to l/g and parallel workers do not all propose the same point. With `maxAbove`,
 * "above" keeps only its newest maxAbove trials.
 */
export function splitTrials(
  trials: readonly TrialRecord[],
  direction: Direction,
  gamma: (n: number) => number,
  constantLiar: boolean,
  maxAbove = Number.POSITIVE_INFINITY,
): TrialGroups {
  const complete = trials.filter((t) => t.state === 'complete');
  const n = complete.length;
  const wanted = gamma(n);
  if (!Number.isFinite(wanted)) throw new UsageError(`gamma(${n}) must be a finite number, got ${wanted}`);
  const nBelow = Math.max(0, Math.min(n, Math.floor(wanted)));
  const sign = direction === 'maximize' ? -1 : 1;
  const loss = (t: TrialRecord) =>
    t.value !== undefined && Number.isFinite(t.value) ? sign * t.value : Number.POSITIVE_INFINITY;
  const ranked = complete
    .map((trial) => ({ trial, loss: loss(trial) }))
    .sort((x, y) => (x.loss < y.loss ? -1 : x.loss > y.loss ? 1 : x.trial.number - y.trial.number))
    .map((entry) => entry.trial);
  const byNumber = (x: TrialRecord, y: TrialRecord) => x.number - y.number;
  const below = ranked.slice(0, nBelow).sort(byNumber);
  const above = ranked.slice(nBelow);
  if (constantLiar) above.push(...trials.filter((t) => t.state === 'running'));
  above.sort(byNumber);
  // The newest maxAbove only (the weights fade older ones anyway): a bounded cost per proposal.
  return { below, above: above.length > maxAbove ? above.slice(above.length - maxAbove) : above };
}

/**
 * The trials' values of `names` in internal form, one column per name; a trial lacking any of
 * them (or holding a value outside its distribution) is left out, as Optuna does.
 */
export function observationColumns(
  trials: readonly TrialRecord[],
  space: SearchSpace,
  names: readonly string[],
): number[][] {
  const columns = names.map((): number[] => []);
  const row: number[] = new Array(names.length);
  for (const trial of trials) {
    let fits = true;
    for (let i = 0; i < names.length && fits; i++) {
      const value = internalValue(space[names[i]], trial.params[names[i]]);
      if (value === undefined) fits = false;
      else row[i] = value;
    }
    if (fits) for (let i = 0; i < names.length; i++) columns[i].push(row[i]);
  }
  return columns;
}
