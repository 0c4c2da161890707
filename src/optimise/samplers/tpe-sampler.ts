import type { Random } from '../../core/index.js';
import { bestCombinations } from './best-combinations.js';
import { checkCount, checkNonNegative, checkPositive, checkSeed } from './options.js';
import { parameterGroups } from './parameter-groups.js';
import { ParzenEstimator, type ParzenParameters } from './parzen-estimator.js';
import { drawFeasible, proposalRandom } from './random-draw.js';
import { checkSpace, isSingle, numericDomain } from './space.js';
import { defaultGamma, defaultWeights, observationColumns, splitTrials } from './tpe-trials.js';
import type { ParamPoint, ParamValue, SampleContext, Sampler, SearchSpace, TrialRecord } from './types.js';

export interface TpeSamplerOptions {
  readonly seed: number;
  /** Complete trials drawn at random before TPE takes over: 6 multivariate, Optuna's 10 independent. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from l(x) per proposal (per parameter group; per parameter in independent mode). */
  readonly nEiCandidates?: number;
  /** How many of n complete trials form the good ("below") group. */
  readonly gamma?: (n: number) => number;
  /** Kernel weights for n observations, oldest first. */
  readonly weights?: (n: number) => readonly number[];
  readonly priorWeight?: number;
  readonly considerMagicClip?: boolean;
  readonly considerEndpoints?: boolean;
  /**
   * One joint estimator over all parameters (Optuna 5's default) instead of one per parameter (the
   * independent TPE, Optuna 3's default). True unless set.
   */
  readonly multivariate?: boolean;
  /** Multivariate: one joint estimator per group of parameters the trials hold together (see parameterGroups). */
  readonly group?: boolean;
  /** The magic clip's floor (see ParzenParameters): multivariate 2 and 0.03, independent Optuna's 1 and 0.01. */
  readonly magicClipExponent?: number;
  readonly minBandwidthFactor?: number;
  /** Running trials count as bad results, so parallel workers spread out. */
  readonly constantLiar?: boolean;
  /**
   * g(x) is fitted to the newest this-many "above" trials only, so a proposal costs the same at
   * 1,000 trials as at 300: multivariate 300, independent unbounded (as Optuna).
   */
  readonly maxAboveTrials?: number;
}

/** The multivariate TPE's default maxAboveTrials. */
const MAX_ABOVE_TRIALS = 300;
/** Rounds of fresh candidates before giving up on TPE for a feasible point and drawing at random. */
const MAX_CANDIDATE_ROUNDS = 100;
/**
 * Combinations of the groups' candidates tried per round when there are several groups (always in
 * independent mode). More than nEiCandidates: the best few often share an infeasible pair (fast
 * above slow) and differ only in a third parameter.
 */
const COMBINATIONS_PER_ROUND = 1000;

/**
 * Optuna's TPESampler for one objective. Split the complete trials into the best gamma(n) (below)
 * and the rest (above), fit a Parzen estimator to each, draw candidates from the good one, l(x),
 * and propose the one with the highest log l(x) - log g(x) that satisfies the constraints.
 * Multivariate (the default), the estimators are joint over each group of parameters; independent,
 * there is one pair per parameter. Either way log l - log g is a sum over the groups, so the best
 * combination of the groups' candidates is found best-first (bestCombinations).
 */
export class TpeSampler implements Sampler {
  readonly name: 'tpe' | 'tpe-independent';
  readonly #seed: number;
  readonly #nStartupTrials: number;
  readonly #nEiCandidates: number;
  readonly #gamma: (n: number) => number;
  readonly #constantLiar: boolean;
  readonly #multivariate: boolean;
  readonly #group: boolean;
  readonly #maxAbove: number;
  readonly #parzen: ParzenParameters;

  constructor(options: TpeSamplerOptions) {
    this.#seed = checkSeed(options.seed);
    const multivariate = options.multivariate ?? true;
    this.#nStartupTrials = checkCount('nStartupTrials', options.nStartupTrials ?? (multivariate ? 6 : 10), 0);
    this.#nEiCandidates = checkCount('nEiCandidates', options.nEiCandidates ?? 24, 1);
    this.#gamma = options.gamma ?? defaultGamma;
    this.#constantLiar = options.constantLiar ?? false;
    this.#multivariate = multivariate;
    this.name = multivariate ? 'tpe' : 'tpe-independent';
    this.#group = options.group ?? true;
    this.#maxAbove =
      options.maxAboveTrials === undefined
        ? multivariate
          ? MAX_ABOVE_TRIALS
          : Number.POSITIVE_INFINITY
        : checkCount('maxAboveTrials', options.maxAboveTrials, 1);
    const exponent = checkPositive('magicClipExponent', options.magicClipExponent ?? (multivariate ? 2 : 1));
    const factor = checkPositive('minBandwidthFactor', options.minBandwidthFactor ?? (multivariate ? 0.03 : 0.01));
    this.#parzen = {
      priorWeight: checkNonNegative('priorWeight', options.priorWeight ?? 1),
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
      weights: options.weights ?? defaultWeights,
      // Optuna 5 takes widths from the observations' gaps alone; the independent TPE keeps 3.x's.
      priorInGaps: !multivariate,
      magicClipExponent: exponent,
      minBandwidthFactor: factor,
    };
  }

  sample(context: SampleContext): ParamPoint {
    const { space, trials, feasible } = context;
    const names = checkSpace(space);
    const random = proposalRandom(this.#seed, trials.length);
    const complete = trials.reduce((count, t) => count + (t.state === 'complete' ? 1 : 0), 0);
    // Parameters with a single possible value are set, not modelled (Optuna skips them too).
    const active = names.filter((name) => !isSingle(space[name]));
    if (complete < this.#nStartupTrials || active.length === 0) {
      return drawFeasible(space, names, random, feasible);
    }
    const { below, above } = splitTrials(trials, context.direction, this.#gamma, this.#constantLiar, this.#maxAbove);
    const groups = !this.#multivariate
      ? active.map((name) => [name])
      : this.#group
        ? parameterGroups(space, active, trials)
        : [active];
    for (const values of this.#candidates(space, groups, below, above, random)) {
      const point = toPoint(space, names, values);
      if (feasible === undefined || feasible(point)) return point;
    }
    return drawFeasible(space, names, random, feasible);
  }

  /** Candidates (internal values by name), best summed score first, round after round. */
  *#candidates(
    space: SearchSpace,
    groups: readonly (readonly string[])[],
    below: readonly TrialRecord[],
    above: readonly TrialRecord[],
    random: Random,
  ): Generator<Map<string, number>> {
    const pairs = groups.map((names) => ({
      names,
      l: new ParzenEstimator(space, names, observationColumns(below, space, names), this.#parzen),
      g: new ParzenEstimator(space, names, observationColumns(above, space, names), this.#parzen),
    }));
    const limit = groups.length === 1 ? this.#nEiCandidates : COMBINATIONS_PER_ROUND;
    for (let round = 0; round < MAX_CANDIDATE_ROUNDS; round++) {
      const drawn = pairs.map(({ names, l }) => {
        const columns = l.sample(random, this.#nEiCandidates);
        // A lone parameter's equal values score equally; one of each shortens the combinations.
        return names.length === 1 ? [[...new Set(columns[0])]] : columns;
      });
      const scores = pairs.map(({ l, g }, i) => ratio(l.logPdf(drawn[i]), g.logPdf(drawn[i])));
      for (const choice of bestCombinations(scores, limit)) {
        const values = new Map<string, number>();
        for (let i = 0; i < pairs.length; i++) {
          for (let d = 0; d < pairs[i].names.length; d++) values.set(pairs[i].names[d], drawn[i][d][choice[i]]);
        }
        yield values;
      }
    }
  }
}

function ratio(logL: Float64Array, logG: Float64Array): Float64Array {
  return logL.map((l, i) => l - logG[i]);
}

/** The candidate's internal values (choice indices, numbers) plus the fixed parameters, as a point. */
function toPoint(space: SearchSpace, names: readonly string[], values: ReadonlyMap<string, number>): ParamPoint {
  const point: Record<string, ParamValue> = {};
  for (const name of names) {
    const d = space[name];
    const value = values.get(name);
    if (d.kind === 'categorical') point[name] = d.choices[value ?? 0];
    else point[name] = value ?? numericDomain(d).low;
  }
  return point;
}
