import { createRandom, type Random, UsageError } from '../../core/index.js';
import { numericDomain, untransform } from './space.js';
import type { ParamPoint, ParamValue, SearchSpace } from './types.js';

export const MAX_FEASIBILITY_DRAWS = 10_000;

/**
 * The generator for one proposal: from the seed and how many trials the study has, nothing else,
 * so a study resumed from its stored trials proposes what it would have proposed.
 */
export function proposalRandom(seed: number, trialCount: number): Random {
  return createRandom(`sampler/${seed}/${trialCount}`);
}

/**
 * One uniform point, as Optuna's RandomSampler draws it: uniform in each parameter's transformed
 * bounds (log scale for log, widened by half a step for grids), then back and onto the grid, so
 * every grid point is equally likely (log-uniformly for log grids).
 */
export function drawUniform(space: SearchSpace, names: readonly string[], random: Random): ParamPoint {
  const point: Record<string, ParamValue> = {};
  for (const name of names) {
    const d = space[name];
    if (d.kind === 'categorical') {
      point[name] = d.choices[Math.min(d.choices.length - 1, Math.floor(random.next() * d.choices.length))];
    } else {
      const domain = numericDomain(d);
      point[name] = untransform(domain, domain.lo + random.next() * (domain.hi - domain.lo));
    }
  }
  return point;
}

/** A uniform point that satisfies `feasible`, by rejection; throws UsageError when none turns up. */
export function drawFeasible(
  space: SearchSpace,
  names: readonly string[],
  random: Random,
  feasible: ((point: ParamPoint) => boolean) | undefined,
): ParamPoint {
  for (let i = 0; i < MAX_FEASIBILITY_DRAWS; i++) {
    const point = drawUniform(space, names, random);
    if (feasible === undefined || feasible(point)) return point;
  }
  throw new UsageError(
    `no feasible point found in ${MAX_FEASIBILITY_DRAWS} draws; check the constraints against the ranges`,
  );
}
