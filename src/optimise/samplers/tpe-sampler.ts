import type { Random } from '../../core/index.js';
import { bestCombinations } from './best-combinations.js';
import { checkCount, checkNonNegative, checkSeed } from './options.js';
import { ParzenEstimator, type ParzenParameters } from './parzen-estimator.js';
import { drawFeasible, proposalRandom } from './random-draw.js';
import { checkSpace, isSingle, numericDomain } from './space.js';
import { defaultGamma, defaultWeights, observationColumns, splitTrials } from './tpe-trials.js';
import type { ParamPoint, ParamValue, SampleContext, Sampler, SearchSpace, TrialRecord } from './types.js';

export interface TpeSamplerOptions {
  readonly seed: number;
  /** Complete trials drawn at random before TPE takes over. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from l(x) per proposal (per parameter in independent mode). */
  readonly nEiCandidates?: number;
  /** How many of n complete trials form the good ("below") group. */
  readonly gamma?: (n: number) => number;
  /** Kernel weights for n observations, oldest first. */
  readonly weights?: (n: number) => readonly number[];
  readonly priorWeight?: number;
  readonly considerMagicClip?: boolean;
  readonly considerEndpoints?: boolean;
  /** One joint estimator over all parameters instead of one per parameter. */
  readonly multivariate?: boolean;
  /** Running trials count as bad results, so parallel workers spread out. */
  readonly constantLiar?: boolean;
}

/** Rounds of fresh candidates before giving up on TPE for a feasible point and drawing at random. */
const MAX_CANDIDATE_ROUNDS = 100;
/**
 * Combinations of the per-parameter candidates tried per round in independent mode. More than
 * nEiCandidates: the best few often share an infeasible pair (fast above slow) and differ only in
 * a third parameter.
 */
const COMBINATIONS_PER_ROUND = 1000;

/**
 * Optuna's TPESampler for one objective. Split the complete trials into the best gamma(n) (below)
 * and the rest (above), fit a Parzen estimator to each, draw candidates from the good one, l(x),
 * and propose the one with the highest log l(x) - log g(x) that satisfies the constraints.
 */
export class TpeSampler implements Sampler {
  readonly name = 'tpe';
  readonly #seed: number;
  readonly #nStartupTrials: number;
  readonly #nEiCandidates: number;
  readonly #gamma: (n: number) => number;
  readonly #constantLiar: boolean;
  readonly #parzen: ParzenParameters;

  constructor(options: TpeSamplerOptions) {
    this.#seed = checkSeed(options.seed);
    this.#nStartupTrials = checkCount('nStartupTrials', options.nStartupTrials ?? 10, 0);
    this.#nEiCandidates = checkCount('nEiCandidates', options.nEiCandidates ?? 24, 1);
    this.#gamma = options.gamma ?? defaultGamma;
    this.#constantLiar = options.constantLiar ?? false;
    this.#parzen = {
      priorWeight: checkNonNegative('priorWeight', options.priorWeight ?? 1),
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
      weights: options.weights ?? defaultWeights,
      multivariate: options.multivariate ?? false,
    };
  }

  sample(context: SampleContext): ParamPoint {
    const { space, trials, feasible } = context;
    const names = checkSpace(space);
    const random = proposalRandom(this.#seed, trials.length);
    const complete = trials.reduce((count, t) => count + (t.state === 'complete' ? 1 : 0), 0);
    // Parameters with a single possible value are set, not modelled (Optuna skips them too).
    const active = names.filter((name) => !isSingle(space[name]));
    if (complete < this.#nStartupTrials || active.length === 0) return drawFeasible(space, names, random, feasible);
    const { below, above } = splitTrials(trials, context.direction, this.#gamma, this.#constantLiar);
    const build = (values: readonly number[]) => toPoint(space, names, active, values);
    const candidates = this.#parzen.multivariate
      ? this.#jointCandidates(space, active, below, above, random)
      : this.#independentCandidates(space, active, below, above, random);
    for (const values of candidates) {
      const point = build(values);
      if (feasible === undefined || feasible(point)) return point;
    }
    return drawFeasible(space, names, random, feasible);
  }

  /** Candidates from one estimator per parameter, best summed score first, round after round. */
  *#independentCandidates(
    space: SearchSpace,
    active: readonly string[],
    below: readonly TrialRecord[],
    above: readonly TrialRecord[],
    random: Random,
  ): Generator<number[]> {
    const pairs = active.map((name) => ({
      l: new ParzenEstimator(space, [name], observationColumns(below, space, [name]), this.#parzen),
      g: new ParzenEstimator(space, [name], observationColumns(above, space, [name]), this.#parzen),
    }));
    for (let round = 0; round < MAX_CANDIDATE_ROUNDS; round++) {
      // Equal values score equally; keeping one of each shortens the list of combinations.
      const columns = pairs.map(({ l }) => [...new Set(l.sample(random, this.#nEiCandidates)[0])]);
      const scores = pairs.map(({ l, g }, i) => ratio(l.logPdf([columns[i]]), g.logPdf([columns[i]])));
      for (const choice of bestCombinations(scores, COMBINATIONS_PER_ROUND)) {
        yield choice.map((c, i) => columns[i][c]);
      }
    }
  }

  /** Candidates from one joint estimator (multivariate TPE), best score first, round after round. */
  *#jointCandidates(
    space: SearchSpace,
    active: readonly string[],
    below: readonly TrialRecord[],
    above: readonly TrialRecord[],
    random: Random,
  ): Generator<number[]> {
    const l = new ParzenEstimator(space, active, observationColumns(below, space, active), this.#parzen);
    const g = new ParzenEstimator(space, active, observationColumns(above, space, active), this.#parzen);
    for (let round = 0; round < MAX_CANDIDATE_ROUNDS; round++) {
      const columns = l.sample(random, this.#nEiCandidates);
      const scores = ratio(l.logPdf(columns), g.logPdf(columns));
      for (const [c] of bestCombinations([scores], this.#nEiCandidates)) yield columns.map((column) => column[c]);
    }
  }
}

function ratio(logL: Float64Array, logG: Float64Array): Float64Array {
  return logL.map((l, i) => l - logG[i]);
}

/** Internal values of the active parameters (choice indices, numbers) plus the fixed ones, as a point. */
function toPoint(
  space: SearchSpace,
  names: readonly string[],
  active: readonly string[],
  values: readonly number[],
): ParamPoint {
  const point: Record<string, ParamValue> = {};
  for (const name of names) {
    const d = space[name];
    const i = active.indexOf(name);
    if (d.kind === 'categorical') point[name] = d.choices[i < 0 ? 0 : values[i]];
    else point[name] = i < 0 ? numericDomain(d).low : values[i];
  }
  return point;
}
