import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/index.js';
import {
  GridExhaustedError,
  GridSampler,
  gridSize,
  type ParamPoint,
  type SearchSpace,
  type TrialRecord,
} from '../../../../src/optimise/samplers/index.js';
import { runStudy } from './helpers.js';

const SPACE: SearchSpace = {
  fast: { kind: 'int', low: 2, high: 10, step: 2, log: false }, // 2 4 6 8 10
  slow: { kind: 'int', low: 5, high: 12, step: 1, log: false }, // 5..12
  k: { kind: 'float', low: 0.5, high: 1.6, step: 0.5, log: false }, // 0.5 1 1.5
  mode: { kind: 'categorical', choices: ['trend', 'revert'] },
};
const FULL = 5 * 8 * 3 * 2;
const fastBelowSlow = (p: ParamPoint) => (p.fast as number) < (p.slow as number);
const key = (p: ParamPoint) => JSON.stringify(p);

describe('grid sampler', () => {
  it('counts the grid, with and without the constraints', () => {
    expect(gridSize(SPACE)).toBe(FULL);
    // fast 2: 8 slows, 4: 8, 6: 6 (7..12), 8: 4, 10: 2 -> 28 pairs
    expect(gridSize(SPACE, fastBelowSlow)).toBe(28 * 3 * 2);
    expect(gridSize({ x: { kind: 'float', low: 0, high: 1, step: 0.1, log: false } })).toBe(11);
    expect(gridSize({ b: { kind: 'categorical', choices: [true, false] } })).toBe(2);
  });

  it('visits every feasible point once, in a shuffled order, then reports exhaustion', () => {
    const sampler = new GridSampler({ seed: 3 });
    const trials = runStudy(sampler, SPACE, () => 0, 168, 'minimize', fastBelowSlow);
    const seen = trials.map((t) => key(t.params));
    expect(new Set(seen).size).toBe(168);
    expect(trials.every((t) => fastBelowSlow(t.params))).toBe(true);
    // Not enumeration order: the first ten are not the first ten of a sorted walk.
    const sorted = [...seen].sort();
    expect(seen.slice(0, 10)).not.toEqual(sorted.slice(0, 10));
    expect(() => sampler.sample({ space: SPACE, trials, direction: 'minimize', feasible: fastBelowSlow })).toThrow(
      GridExhaustedError,
    );
    const error = (() => {
      try {
        sampler.sample({ space: SPACE, trials, direction: 'minimize', feasible: fastBelowSlow });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UsageError);
  });

  it('the order depends on the seed', () => {
    const order = (seed: number) => runStudy(new GridSampler({ seed }), SPACE, () => 0, 20).map((t) => key(t.params));
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order(2));
  });

  it('skips points already in the study, whatever their state, and tolerates foreign points', () => {
    const sampler = new GridSampler({ seed: 5 });
    const space: SearchSpace = { x: { kind: 'int', low: 1, high: 4, step: 1, log: false } };
    const trials: TrialRecord[] = [
      { number: 0, params: { x: 2 }, state: 'failed' },
      { number: 1, params: { x: 3 }, state: 'running' },
      { number: 2, params: { x: 2.5 }, state: 'complete', value: 1 }, // off the grid: not a grid point
      { number: 3, params: { y: 1 }, state: 'complete', value: 1 },
    ];
    const proposed: number[] = [];
    for (let i = 0; i < 2; i++) {
      const point = sampler.sample({ space, trials, direction: 'minimize' });
      proposed.push(point.x as number);
      trials.push({ number: trials.length, params: point, state: 'running' });
    }
    expect(proposed.sort()).toEqual([1, 4]);
    expect(() => sampler.sample({ space, trials, direction: 'minimize' })).toThrow(GridExhaustedError);
    // A fresh sampler handed the same trials (a resumed study) agrees.
    expect(() => new GridSampler({ seed: 5 }).sample({ space, trials, direction: 'minimize' })).toThrow(
      GridExhaustedError,
    );
  });

  it('resumes from stored trials with the same proposals', () => {
    const original = new GridSampler({ seed: 8 });
    const trials = runStudy(original, SPACE, () => 0, 30);
    const resumed = new GridSampler({ seed: 8 });
    const stored = JSON.parse(JSON.stringify(trials.slice(0, 17))) as TrialRecord[];
    expect(resumed.sample({ space: SPACE, trials: stored, direction: 'minimize' })).toEqual(trials[17].params);
  });

  it('needs a step for every float parameter', () => {
    const space: SearchSpace = { ...SPACE, k: { kind: 'float', low: 0.5, high: 2, log: false } };
    const run = () => new GridSampler().sample({ space, trials: [], direction: 'minimize' });
    expect(run).toThrow(UsageError);
    expect(run).toThrow("float parameter 'k' needs a step for a grid search");
    expect(() => gridSize(space)).toThrow("float parameter 'k' needs a step for a grid search");
  });

  it('refuses a grid larger than the limit', () => {
    const space: SearchSpace = {
      a: { kind: 'int', low: 1, high: 1000, step: 1, log: false },
      b: { kind: 'int', low: 1, high: 200, step: 1, log: false },
    };
    const run = () => new GridSampler().sample({ space, trials: [], direction: 'minimize' });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      'grid of 200000 points exceeds the limit of 100000; use --sampler tpe or random, or fewer parameters/steps',
    );
    expect(() =>
      new GridSampler({ maxPoints: 100 }).sample({ space: SPACE, trials: [], direction: 'minimize' }),
    ).toThrow(`grid of ${FULL} points exceeds the limit of 100`);
    expect(
      new GridSampler({ maxPoints: FULL }).sample({ space: SPACE, trials: [], direction: 'minimize' }),
    ).toBeDefined();
  });
});
