import { internalValue } from './space.js';
import type { SearchSpace, TrialRecord } from './types.js';

/**
 * Optuna's group decomposition of the search space, for conditional parameters: the finest
 * partition of `names` in which every complete trial holds each part either whole or not at all.
 * Each part gets its own joint estimator, fitted to the trials that hold it, so a parameter that
 * only some trials use is never modelled jointly with one those trials lack. When every trial
 * holds every parameter (a spec's study) there is one part: all of them. Parameters no complete
 * trial holds form a last part, drawn from the prior alone. A trial "holds" a parameter when it
 * has a value the estimators can use (one of the choices; a finite number, clipped into range).
 */
export function parameterGroups(
  space: SearchSpace,
  names: readonly string[],
  trials: readonly TrialRecord[],
): string[][] {
  let groups: string[][] = [];
  let covered = 0;
  for (const trial of trials) {
    if (trial.state !== 'complete') continue;
    const holds = (name: string) => internalValue(space[name], trial.params[name]) !== undefined;
    // The common case, a trial holding every parameter once all are grouped, changes nothing.
    if (covered === names.length && names.every(holds)) continue;
    const held = new Set(names.filter(holds));
    const next: string[][] = [];
    for (const group of groups) {
      const inside = group.filter((name) => held.has(name));
      const outside = group.filter((name) => !held.has(name));
      if (inside.length > 0) next.push(inside);
      if (outside.length > 0) next.push(outside);
      for (const name of group) held.delete(name);
    }
    if (held.size > 0) next.push(names.filter((name) => held.has(name)));
    groups = next;
    covered = groups.reduce((sum, group) => sum + group.length, 0);
  }
  const seen = new Set(groups.flat());
  const unseen = names.filter((name) => !seen.has(name));
  if (unseen.length > 0) groups.push(unseen);
  return groups;
}
