import { type Random, UsageError } from '../../core/index.js';
import { cellEdges, type NumericDomain, numericDomain, untransform } from './space.js';
import { logGaussMass, truncnormPpf } from './truncnorm.js';
import type { SearchSpace } from './types.js';

/**
 * Optuna's _ParzenEstimator: a mixture with one kernel per observation plus a prior kernel, each
 * kernel a product over the parameters of a truncated normal (numeric, in log space for log
 * parameters, on cells of the grid for stepped ones) or a categorical distribution. With one
 * parameter it is the independent TPE's estimator; with several, the multivariate one, whose
 * kernels share their weights across the dimensions (a kernel is one observation, all its values).
 */

const EPS = 1e-12;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export interface ParzenParameters {
  readonly priorWeight: number;
  readonly considerMagicClip: boolean;
  readonly considerEndpoints: boolean;
  readonly weights: (n: number) => readonly number[];
  /**
   * Whether the prior's centre counts as a neighbour when the kernel widths are taken from the
   * gaps between centres: Optuna before 4.6 did (the independent TPE keeps it), Optuna 5 does not.
   */
  readonly priorInGaps: boolean;
  /**
   * The magic clip's floor on a kernel's width, as a share of the range: max(minBandwidthFactor,
   * (n + 2)^-magicClipExponent) for n observations. Optuna's is exponent 1, factor 0.01; Watanabe
   * (arXiv 2304.11127) found exponent 2, factor 0.03 better, and so did bench/samplers.mjs here.
   */
  readonly magicClipExponent: number;
  readonly minBandwidthFactor: number;
}

interface NumericKernels {
  readonly kind: 'numeric';
  readonly domain: NumericDomain;
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** log of each kernel's mass inside the (transformed, widened) bounds. */
  readonly logMass: Float64Array;
  readonly logSigma: Float64Array;
  /** Grids only: kernel -> its first kernel with the same centre and width (grid observations repeat). */
  readonly same: Int32Array;
}

interface CategoricalKernels {
  readonly kind: 'categorical';
  /** Row per kernel, a probability per choice. */
  readonly probs: Float64Array[];
}

type Kernels = NumericKernels | CategoricalKernels;

export class ParzenEstimator {
  /** Mixture weights, normalised; the prior's is last. */
  readonly #weights: Float64Array;
  readonly #logWeights: Float64Array;
  readonly #cumulative: Float64Array;
  readonly #dims: Kernels[];

  /**
   * @param observations one column per parameter of `names`, in internal form (the value, or the
   *   choice's index), rows in trial-number order so the weights function ages them.
   */
  constructor(
    space: SearchSpace,
    names: readonly string[],
    observations: readonly number[][],
    parameters: ParzenParameters,
  ) {
    const n = observations.length === 0 ? 0 : observations[0].length;
    const raw = n === 0 ? [1] : [...checkWeights(parameters.weights(n).slice(0, n), n), parameters.priorWeight];
    const total = raw.reduce((sum, w) => sum + w, 0);
    this.#weights = Float64Array.from(raw, (w) => w / total);
    this.#logWeights = this.#weights.map(Math.log);
    this.#cumulative = new Float64Array(this.#weights.length);
    let running = 0;
    for (let k = 0; k < this.#weights.length; k++) this.#cumulative[k] = running += this.#weights[k];
    this.#dims = names.map((name, i) => {
      const d = space[name];
      const column = observations[i] ?? [];
      if (d.kind === 'categorical') return categoricalKernels(column, d.choices.length, parameters);
      return numericKernels(column, numericDomain(d), parameters);
    });
  }

  /** `size` draws, one column per parameter in internal form. */
  sample(random: Random, size: number): number[][] {
    const columns = this.#dims.map(() => new Array<number>(size));
    for (let s = 0; s < size; s++) {
      const k = pick(this.#cumulative, random.next());
      for (let i = 0; i < this.#dims.length; i++) {
        const dim = this.#dims[i];
        if (dim.kind === 'categorical') {
          columns[i][s] = pick(cumulate(dim.probs[k]), random.next());
        } else {
          const { domain, mus, sigmas, logMass } = dim;
          const a = (domain.lo - mus[k]) / sigmas[k];
          const b = (domain.hi - mus[k]) / sigmas[k];
          const z = truncnormPpf(random.next(), a, b, logMass[k]);
          columns[i][s] = untransform(domain, z * sigmas[k] + mus[k]);
        }
      }
    }
    return columns;
  }

  /** log density (log mass for grid and categorical parameters) of each sample. */
  logPdf(columns: readonly number[][]): Float64Array {
    const size = columns.length === 0 ? 0 : columns[0].length;
    const kernels = this.#weights.length;
    const out = new Float64Array(size);
    const acc = new Float64Array(kernels);
    // Grid candidates repeat; their per-kernel cell masses are computed once per value.
    const cellCache = this.#dims.map(() => new Map<number, Float64Array>());
    for (let s = 0; s < size; s++) {
      acc.set(this.#logWeights);
      for (let i = 0; i < this.#dims.length; i++) addLogPdf(this.#dims[i], columns[i][s], acc, cellCache[i]);
      out[s] = logSumExp(acc);
    }
    return out;
  }
}

function checkWeights(w: readonly number[], n: number): readonly number[] {
  if (w.length !== n || w.some((x) => !(Number.isFinite(x) && x >= 0)) || w.reduce((a, b) => a + b, 0) <= 0) {
    throw new UsageError(`the weights function must give ${n} finite, non-negative weights, not all 0`);
  }
  return w;
}

function categoricalKernels(
  column: readonly number[],
  choices: number,
  parameters: ParzenParameters,
): CategoricalKernels {
  if (column.length === 0) return { kind: 'categorical', probs: [new Float64Array(choices).fill(1 / choices)] };
  // Every kernel carries the prior's share spread over the choices; an observation adds 1 to its own.
  const kernels = column.length + 1;
  const probs = Array.from({ length: kernels }, (_, k) => {
    const row = new Float64Array(choices).fill(parameters.priorWeight / kernels);
    if (k < column.length) row[column[k]] += 1;
    const sum = row.reduce((a, b) => a + b, 0);
    return sum === 0 ? row : row.map((p) => p / sum);
  });
  return { kind: 'categorical', probs };
}

function numericKernels(
  column: readonly number[],
  domain: NumericDomain,
  parameters: ParzenParameters,
): NumericKernels {
  const { lo, hi } = domain;
  const n = column.length;
  const mus = new Float64Array(n + 1);
  for (let j = 0; j < n; j++) mus[j] = domain.log ? Math.log(column[j]) : column[j];
  const prior = 0.5 * (lo + hi);
  mus[n] = prior;
  const sigmas = new Float64Array(n + 1);
  if (parameters.priorInGaps) neighbourSigmas(mus, lo, hi, parameters.considerEndpoints, sigmas);
  else neighbourSigmas(mus.subarray(0, n), lo, hi, parameters.considerEndpoints, sigmas.subarray(0, n));
  const maxSigma = hi - lo;
  // The magic clip: no kernel narrower than a share of the range that shrinks with the number of
  // kernels (Optuna: 1 / (kernels + 1), at least 1/100).
  const kernels = Math.min(1 / parameters.minBandwidthFactor, (n + 2) ** parameters.magicClipExponent);
  const minSigma = parameters.considerMagicClip ? (hi - lo) / kernels : EPS;
  for (let j = 0; j < n; j++) sigmas[j] = Math.min(maxSigma, Math.max(minSigma, sigmas[j]));
  sigmas[n] = hi - lo;
  const logMass = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) logMass[k] = logGaussMass((lo - mus[k]) / sigmas[k], (hi - mus[k]) / sigmas[k]);
  return {
    kind: 'numeric',
    domain,
    mus,
    sigmas,
    logMass,
    logSigma: sigmas.map(Math.log),
    same: domain.step > 0 ? firstOfPair(mus, sigmas) : new Int32Array(0),
  };
}

/**
 * Optuna's bandwidths: each kernel's sigma is the larger gap to its neighbours among the sorted
 * centres of `mus` (the bounds as outer neighbours), one parameter at a time; without
 * considerEndpoints the outermost kernels use their inner gap only.
 */
function neighbourSigmas(
  mus: Float64Array,
  lo: number,
  hi: number,
  considerEndpoints: boolean,
  out: Float64Array,
): void {
  const m = mus.length;
  const order = ascendingOrder(mus);
  const ends = new Float64Array(m + 2);
  ends[0] = lo;
  for (let r = 0; r < m; r++) ends[r + 1] = mus[order[r]];
  ends[m + 1] = hi;
  const sorted = new Float64Array(m);
  for (let r = 0; r < m; r++) sorted[r] = Math.max(ends[r + 1] - ends[r], ends[r + 2] - ends[r + 1]);
  if (!considerEndpoints && ends.length >= 4) {
    sorted[0] = ends[2] - ends[1];
    sorted[m - 1] = ends[m] - ends[m - 1];
  }
  for (let r = 0; r < m; r++) out[order[r]] = sorted[r];
}

/**
 * The indices of `values` in ascending order of value, equal values in index order: what sorting
 * the indices with a comparator gives, by the typed array's native numeric sort and a binary
 * search per value, several times faster (this ran once per parameter and estimator per proposal).
 */
function ascendingOrder(values: Float64Array): Int32Array {
  const m = values.length;
  // + 0 turns -0 into 0, which a comparator would call equal but the native sort puts first.
  const sorted = Float64Array.from(values, (v) => v + 0).sort();
  const order = new Int32Array(m);
  const taken = new Map<number, number>();
  for (let j = 0; j < m; j++) {
    const v = values[j] + 0;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const before = taken.get(v) ?? 0;
    taken.set(v, before + 1);
    order[lo + before] = j;
  }
  return order;
}

function addLogPdf(dim: Kernels, x: number, acc: Float64Array, cache: Map<number, Float64Array>): void {
  if (dim.kind === 'categorical') {
    for (let k = 0; k < acc.length; k++) acc[k] += Math.log(dim.probs[k][x]);
    return;
  }
  const { domain, mus, sigmas, logMass, logSigma, same } = dim;
  if (domain.step === 0) {
    const u = domain.log ? Math.log(x) : x;
    for (let k = 0; k < acc.length; k++) {
      const z = (u - mus[k]) / sigmas[k];
      acc[k] += -0.5 * z * z - LOG_SQRT_2PI - logMass[k] - logSigma[k];
    }
    return;
  }
  // A grid point's probability is its kernel's mass over the point's cell.
  let cell = cache.get(x);
  if (cell === undefined) {
    const [left, right] = cellEdges(domain, x);
    cell = new Float64Array(acc.length);
    for (let k = 0; k < acc.length; k++) {
      const first = same[k];
      cell[k] =
        first < k ? cell[first] : logGaussMass((left - mus[k]) / sigmas[k], (right - mus[k]) / sigmas[k]) - logMass[k];
    }
    cache.set(x, cell);
  }
  for (let k = 0; k < acc.length; k++) acc[k] += cell[k];
}

/** For each kernel, the first with the same (mu, sigma): Optuna's _unique_inverse_2d, to share cell masses. */
function firstOfPair(mus: Float64Array, sigmas: Float64Array): Int32Array {
  const seen = new Map<number, Map<number, number>>();
  return Int32Array.from(mus, (mu, k) => {
    let bySigma = seen.get(mu);
    if (bySigma === undefined) seen.set(mu, (bySigma = new Map()));
    const first = bySigma.get(sigmas[k]);
    if (first !== undefined) return first;
    bySigma.set(sigmas[k], k);
    return k;
  });
}

function logSumExp(values: Float64Array): number {
  let top = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < values.length; k++) if (values[k] > top) top = values[k];
  // All -Infinity: probability 0 (avoids -Infinity minus -Infinity).
  if (top === Number.NEGATIVE_INFINITY) return top;
  let sum = 0;
  // Terms below e^-40 of the largest cannot change the sum; skipping their exp is most of the speed.
  const floor = top - 40;
  for (let k = 0; k < values.length; k++) if (values[k] > floor) sum += Math.exp(values[k] - top);
  return top + Math.log(sum);
}

function cumulate(probs: Float64Array): Float64Array {
  const out = new Float64Array(probs.length);
  let running = 0;
  for (let i = 0; i < probs.length; i++) out[i] = running += probs[i];
  return out;
}

/** The index whose cumulative share first reaches u (the last one guards against rounding). */
function pick(cumulative: Float64Array, u: number): number {
  const total = cumulative[cumulative.length - 1];
  for (let i = 0; i < cumulative.length - 1; i++) if (u * total < cumulative[i]) return i;
  return cumulative.length - 1;
}
