import { createRandom, UsageError } from '../../core/index.js';
import { checkCount, checkSeed } from './options.js';
import { checkSpace, gridIndex, gridValue, numericDomain } from './space.js';
import type { ParamPoint, ParamValue, SampleContext, Sampler, SearchSpace, TrialRecord } from './types.js';

/** Every grid point has been proposed: the caller's signal to stop the study. */
export class GridExhaustedError extends Error {
  constructor(points: number) {
    super(`all ${points} points of the grid have been tried`);
    this.name = 'GridExhaustedError';
  }
}

export interface GridSamplerOptions {
  /** Seeds the visiting order; 0 when omitted. */
  readonly seed?: number;
  /** The largest grid (before constraints) the sampler will enumerate. */
  readonly maxPoints?: number;
}

/** One parameter's values along the grid, and the way back from a value to its index. */
interface Axis {
  readonly size: number;
  value(k: number): ParamValue;
  index(value: ParamValue | undefined): number | undefined;
}

function axesOf(space: SearchSpace, names: readonly string[]): Axis[] {
  return names.map((name) => {
    const d = space[name];
    if (d.kind === 'categorical') {
      return {
        size: d.choices.length,
        value: (k) => d.choices[k],
        index: (v) => (v === undefined || !d.choices.includes(v) ? undefined : d.choices.indexOf(v)),
      };
    }
    if (d.kind === 'float' && d.step === undefined) {
      throw new UsageError(`float parameter '${name}' needs a step for a grid search`);
    }
    const domain = numericDomain(d);
    return {
      size: domain.count,
      value: (k) => gridValue(domain, k),
      index: (v) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
        const k = gridIndex(domain, v);
        // Off-grid values (a point from another sampler) are not grid points.
        return Math.abs(gridValue(domain, k) - v) <= 1e-9 * Math.max(1, Math.abs(v)) ? k : undefined;
      },
    };
  });
}

/** Mixed-radix position <-> point; the first parameter varies slowest. */
function decode(names: readonly string[], axes: readonly Axis[], position: number): ParamPoint {
  const point: Record<string, ParamValue> = {};
  for (let i = names.length - 1; i >= 0; i--) {
    const k = position % axes[i].size;
    position = (position - k) / axes[i].size;
    point[names[i]] = axes[i].value(k);
  }
  // Keep the space's key order.
  return Object.fromEntries(names.map((name) => [name, point[name]]));
}

function encode(names: readonly string[], axes: readonly Axis[], point: ParamPoint): number | undefined {
  let position = 0;
  for (let i = 0; i < names.length; i++) {
    const k = axes[i].index(point[names[i]]);
    if (k === undefined) return undefined;
    position = position * axes[i].size + k;
  }
  return position;
}

function rawSize(axes: readonly Axis[]): number {
  return axes.reduce((product, axis) => product * axis.size, 1);
}

/**
 * Points in the full grid (int: every step; float: every step, so it needs one; categorical: every
 * choice), or only those `feasible` accepts, which means visiting each.
 */
export function gridSize(space: SearchSpace, feasible?: (point: ParamPoint) => boolean): number {
  const names = checkSpace(space);
  const axes = axesOf(space, names);
  const size = rawSize(axes);
  if (feasible === undefined) return size;
  let count = 0;
  for (let position = 0; position < size; position++) if (feasible(decode(names, axes, position))) count++;
  return count;
}

interface GridState {
  readonly key: string;
  readonly feasible: ((point: ParamPoint) => boolean) | undefined;
  readonly names: readonly string[];
  readonly axes: readonly Axis[];
  /** Feasible positions in visiting order. */
  readonly order: Float64Array;
  /** Position -> index in `order`, or -1 for an infeasible point. */
  readonly rank: Int32Array;
  visited: Uint8Array;
  cursor: number;
  /** How many trials `visited` accounts for, and the last of them, to catch up incrementally. */
  counted: number;
  last: TrialRecord | undefined;
}

/**
 * The full grid, filtered by the constraints, visited in a seeded shuffled order; a point already
 * in the study (any state) is skipped, so parallel workers and resumed studies do not repeat one.
 */
export class GridSampler implements Sampler {
  readonly name = 'grid';
  readonly #seed: number;
  readonly #maxPoints: number;
  #state: GridState | undefined;

  constructor(options: GridSamplerOptions = {}) {
    this.#seed = checkSeed(options.seed ?? 0);
    this.#maxPoints = checkCount('maxPoints', options.maxPoints ?? 100_000, 1);
  }

  sample(context: SampleContext): ParamPoint {
    const state = this.#prepare(context);
    const { trials } = context;
    const continues =
      state.counted <= trials.length && (state.counted === 0 || trials[state.counted - 1] === state.last);
    if (!continues) {
      state.visited = new Uint8Array(state.order.length);
      state.cursor = 0;
      state.counted = 0;
    }
    for (let i = state.counted; i < trials.length; i++) {
      const position = encode(state.names, state.axes, trials[i].params);
      const rank = position === undefined ? -1 : state.rank[position];
      if (rank >= 0) state.visited[rank] = 1;
    }
    state.counted = trials.length;
    state.last = trials.at(-1);
    while (state.cursor < state.order.length && state.visited[state.cursor] === 1) state.cursor++;
    if (state.cursor >= state.order.length) {
      if (state.order.length === 0) {
        throw new UsageError('no grid point satisfies the constraints; check the constraints against the ranges');
      }
      throw new GridExhaustedError(state.order.length);
    }
    return decode(state.names, state.axes, state.order[state.cursor]);
  }

  /** The shuffled grid for this space and constraint function, built once and reused. */
  #prepare(context: SampleContext): GridState {
    const names = checkSpace(context.space);
    const key = JSON.stringify(names.map((name) => [name, context.space[name]]));
    if (this.#state !== undefined && this.#state.key === key && this.#state.feasible === context.feasible) {
      return this.#state;
    }
    const axes = axesOf(context.space, names);
    const size = rawSize(axes);
    if (size > this.#maxPoints) {
      throw new UsageError(
        `grid of ${size} points exceeds the limit of ${this.#maxPoints}; use --sampler tpe or random, or fewer parameters/steps`,
      );
    }
    const rank = new Int32Array(size).fill(-1);
    const kept: number[] = [];
    for (let position = 0; position < size; position++) {
      if (context.feasible === undefined || context.feasible(decode(names, axes, position))) kept.push(position);
    }
    const order = Float64Array.from(kept);
    const random = createRandom(`grid/${this.#seed}`);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    for (let i = 0; i < order.length; i++) rank[order[i]] = i;
    this.#state = {
      key,
      feasible: context.feasible,
      names,
      axes,
      order,
      rank,
      visited: new Uint8Array(order.length),
      cursor: 0,
      counted: 0,
      last: undefined,
    };
    return this.#state;
  }
}
