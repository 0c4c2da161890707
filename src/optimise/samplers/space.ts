import { UsageError } from '../../core/index.js';
import type { Distribution, ParamValue, SearchSpace } from './types.js';

/**
 * A numeric parameter as the samplers see it: its grid (if any) and the bounds of the space the
 * Parzen estimators work in (log scale for log parameters; widened by half a step for grids, as
 * Optuna's `adapted_low`/`adapted_high`, so each grid point owns the cell of values rounding to it).
 */
export interface NumericDomain {
  readonly low: number;
  /** The last point of the grid for stepped parameters (a float's high need not be on it). */
  readonly high: number;
  /** 0 for a continuous parameter. */
  readonly step: number;
  readonly log: boolean;
  readonly int: boolean;
  /** Grid points; Infinity when continuous (1 when low equals high). */
  readonly count: number;
  /** Transformed, widened bounds. */
  readonly lo: number;
  readonly hi: number;
  /** Decimals grid values are rounded to (0 for ints). */
  readonly decimals: number;
}

export type NumericDistribution = Extract<Distribution, { kind: 'int' | 'float' }>;

const domains = new WeakMap<Distribution, NumericDomain>();

export function numericDomain(d: NumericDistribution): NumericDomain {
  let domain = domains.get(d);
  if (domain === undefined) {
    domain = buildDomain(d);
    domains.set(d, domain);
  }
  return domain;
}

function buildDomain(d: NumericDistribution): NumericDomain {
  const step = d.step ?? 0;
  const int = d.kind === 'int';
  // A tolerance so 0.1-style steps that divide the range in decimal also divide it in binary.
  const last = step > 0 ? Math.floor((d.high - d.low) / step + (int ? 0 : 1e-9)) : 0;
  const decimals = int ? 0 : Math.max(decimalsOf(d.low), decimalsOf(step));
  const high = step > 0 ? Math.min(d.high, tidy(d.low + last * step, decimals)) : d.high;
  const lowEdge = step > 0 ? cellLowEdge(d.low, step, d.log) : d.low;
  const highEdge = step > 0 ? high + step / 2 : high;
  const lo = d.log ? Math.log(lowEdge) : lowEdge;
  const hi = d.log ? Math.log(highEdge) : highEdge;
  // A continuous range with no width on its own scale (low = high, or bounds a few ulps apart
  // whose logarithms are equal) holds one value: a kernel over it would have zero width.
  const count = step > 0 ? last + 1 : lo < hi ? Number.POSITIVE_INFINITY : 1;
  return {
    low: d.low,
    high,
    step,
    log: d.log,
    int,
    count,
    lo,
    hi,
    decimals,
  };
}

/**
 * The left edge of the first grid cell. Optuna's low - step/2 is positive for every log grid it
 * allows (int, step 1, low >= 1); for wider log grids that would reach 0, half of low stands in.
 */
function cellLowEdge(low: number, step: number, log: boolean): number {
  const edge = low - step / 2;
  return log && edge <= 0 ? low / 2 : edge;
}

/** The transformed cell [left, right] around grid value x (stepped parameters only). */
export function cellEdges(domain: NumericDomain, x: number): [number, number] {
  const left = x <= domain.low ? cellLowEdge(domain.low, domain.step, domain.log) : x - domain.step / 2;
  const right = x + domain.step / 2;
  return domain.log ? [Math.log(left), Math.log(right)] : [left, right];
}

/**
 * Grid values without binary noise: low + k * step has no more decimals than low and step, so
 * 0.1 + 2 * 0.1 is stored as 0.3 and equal points compare equal.
 */
function tidy(x: number, decimals: number): number {
  return Number(x.toFixed(decimals));
}

/** Digits after the point in the shortest spelling of x (1.25 -> 2, 1e-7 -> 7), at most 100. */
function decimalsOf(x: number): number {
  const [mantissa, exponent = '0'] = String(x).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.min(100, Math.max(0, fraction - Number(exponent)));
}

/** The k-th grid value of a stepped parameter. */
export function gridValue(domain: NumericDomain, k: number): number {
  if (k === 0) return domain.low;
  if (domain.int) return domain.low + k * domain.step;
  return Math.max(domain.low, Math.min(domain.high, tidy(domain.low + k * domain.step, domain.decimals)));
}

/** The nearest grid index of x, clipped to the grid. */
export function gridIndex(domain: NumericDomain, x: number): number {
  const k = Math.round((x - domain.low) / domain.step);
  return Math.max(0, Math.min(domain.count - 1, k));
}

/** x (in the parameter's own units) moved into the domain: clipped, and onto the grid if stepped. */
export function snap(domain: NumericDomain, x: number): number {
  if (domain.step > 0) return gridValue(domain, gridIndex(domain, x));
  return Math.max(domain.low, Math.min(domain.high, x));
}

/** A point from the transformed space back in the parameter's own units (the inverse of the estimators' view). */
export function untransform(domain: NumericDomain, u: number): number {
  return snap(domain, domain.log ? Math.exp(u) : u);
}

/** Only one value is possible: the samplers set it and the estimators leave it out. */
export function isSingle(d: Distribution): boolean {
  if (d.kind === 'categorical') return d.choices.length === 1;
  return numericDomain(d).count === 1;
}

/**
 * The parameter's value as the estimators hold it: the number itself (on the domain) or the index
 * of a choice; undefined when the value does not belong to the distribution.
 */
export function internalValue(d: Distribution, value: ParamValue | undefined): number | undefined {
  if (d.kind === 'categorical') {
    const index = value === undefined ? -1 : d.choices.indexOf(value);
    return index < 0 ? undefined : index;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return snap(numericDomain(d), value);
}

const checked = new WeakMap<SearchSpace, readonly string[]>();

/** The parameter names, after checking every distribution; throws UsageError naming the bad one. */
export function checkSpace(space: SearchSpace): readonly string[] {
  const known = checked.get(space);
  if (known !== undefined) return known;
  const names = Object.keys(space);
  if (names.length === 0) throw new UsageError('the search space has no parameters');
  for (const name of names) {
    const problem = distributionProblem(space[name]);
    if (problem !== undefined) throw new UsageError(`parameter '${name}': ${problem}`);
  }
  checked.set(space, names);
  return names;
}

function distributionProblem(d: Distribution): string | undefined {
  if (d.kind === 'categorical') {
    if (!Array.isArray(d.choices) || d.choices.length === 0) return 'needs at least one choice';
    return undefined;
  }
  if (d.kind !== 'int' && d.kind !== 'float') return `unknown kind '${(d as { kind: string }).kind}'`;
  if (!Number.isFinite(d.low) || !Number.isFinite(d.high)) return 'low and high must be finite numbers';
  if (d.low > d.high) return `low (${d.low}) must not exceed high (${d.high})`;
  if (d.log && d.low <= 0) return `a log scale needs low > 0, got ${d.low}`;
  if (d.step !== undefined && !(Number.isFinite(d.step) && d.step > 0)) return `step must be > 0, got ${d.step}`;
  if (d.kind === 'int') {
    if (!Number.isInteger(d.low) || !Number.isInteger(d.high)) return 'an int range needs whole-number low and high';
    if (!Number.isInteger(d.step)) return `an int step must be a whole number, got ${d.step}`;
  }
  return undefined;
}
