/** A small study loop and domain checks shared by the sampler tests. */
import { expect } from 'vitest';
import type {
  Direction,
  Distribution,
  ParamPoint,
  Sampler,
  SearchSpace,
  TrialRecord,
} from '../../../../src/optimise/samplers/index.js';

export type Objective = (point: ParamPoint) => number;

/** Sample, evaluate, append as complete, `count` times; the study's trials. */
export function runStudy(
  sampler: Sampler,
  space: SearchSpace,
  objective: Objective,
  count: number,
  direction: Direction = 'minimize',
  feasible?: (point: ParamPoint) => boolean,
): TrialRecord[] {
  const trials: TrialRecord[] = [];
  for (let i = 0; i < count; i++) {
    const params = sampler.sample({ space, trials, direction, feasible });
    trials.push({ number: i, params, state: 'complete', value: objective(params) });
  }
  return trials;
}

export function best(trials: readonly TrialRecord[], direction: Direction): number {
  const values = trials.map((t) => t.value ?? Number.NaN);
  return direction === 'minimize' ? Math.min(...values) : Math.max(...values);
}

/** Why `value` is not a possible value of `d`, or undefined when it is. */
export function offDomain(d: Distribution, value: unknown): string | undefined {
  if (d.kind === 'categorical') return d.choices.includes(value as never) ? undefined : 'not a choice';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a finite number';
  if (value < d.low || value > d.high) return `outside [${d.low}, ${d.high}]`;
  if (d.kind === 'int' && !Number.isInteger(value)) return 'not a whole number';
  if (d.step !== undefined) {
    const k = (value - d.low) / d.step;
    if (Math.abs(k - Math.round(k)) > 1e-9) return `off the grid of step ${d.step}`;
  }
  return undefined;
}

export function expectOnDomain(space: SearchSpace, point: ParamPoint): void {
  expect(Object.keys(point).sort()).toEqual(Object.keys(space).sort());
  for (const [name, d] of Object.entries(space)) {
    expect(offDomain(d, point[name]), `${name} = ${String(point[name])}`).toBeUndefined();
  }
}

/** The Branin-Hoo function on x1 in [-5, 10], x2 in [0, 15]; global minimum 0.397887. */
export function branin(point: ParamPoint): number {
  const x1 = point.x1 as number;
  const x2 = point.x2 as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

export const BRANIN_SPACE: SearchSpace = {
  x1: { kind: 'float', low: -5, high: 10, log: false },
  x2: { kind: 'float', low: 0, high: 15, log: false },
};

/** One of every kind of parameter. */
export const ALL_KINDS: SearchSpace = {
  intStep: { kind: 'int', low: 3, high: 60, step: 3, log: false },
  intLog: { kind: 'int', low: 1, high: 1000, step: 1, log: true },
  float: { kind: 'float', low: -2.5, high: 7.5, log: false },
  floatLog: { kind: 'float', low: 1e-5, high: 0.1, log: true },
  floatStep: { kind: 'float', low: 0.1, high: 2.05, step: 0.1, log: false },
  numbers: { kind: 'categorical', choices: [7, 14, 21] },
  strings: { kind: 'categorical', choices: ['ema', 'sma', 'wma', 'hma'] },
  bools: { kind: 'categorical', choices: [true, false] },
};
