import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/index.js';
import {
  type Distribution,
  GridSampler,
  RandomSampler,
  type SearchSpace,
  TpeSampler,
} from '../../../../src/optimise/samplers/index.js';
import { ALL_KINDS, expectOnDomain, offDomain, runStudy } from './helpers.js';

/** An objective that reads every parameter, so TPE has something to model. */
function mixedObjective(point: Record<string, unknown>): number {
  let total = 0;
  for (const value of Object.values(point)) {
    if (typeof value === 'number') total += Math.log1p(Math.abs(value));
    else if (typeof value === 'string') total += value.length;
    else total += value ? 1 : 0;
  }
  return total;
}

const SMALL_GRID: SearchSpace = {
  intStep: { kind: 'int', low: 3, high: 12, step: 3, log: false },
  intLog: { kind: 'int', low: 1, high: 4, step: 1, log: true },
  float: { kind: 'float', low: -2.5, high: 7.5, step: 2.5, log: false },
  floatLog: { kind: 'float', low: 0.02, high: 0.1, step: 0.02, log: true },
  floatStep: { kind: 'float', low: 0.1, high: 0.55, step: 0.1, log: false },
  numbers: { kind: 'categorical', choices: [7, 14, 21] },
  strings: { kind: 'categorical', choices: ['ema', 'sma', 'wma', 'hma'] },
  bools: { kind: 'categorical', choices: [true, false] },
};

describe('every parameter kind stays inside its bounds and on its grid', () => {
  it('random sampler', () => {
    const trials = runStudy(new RandomSampler({ seed: 1 }), ALL_KINDS, mixedObjective, 300);
    for (const trial of trials) expectOnDomain(ALL_KINDS, trial.params);
  });

  it('grid sampler', () => {
    const trials = runStudy(new GridSampler({ seed: 1 }), SMALL_GRID, mixedObjective, 300);
    for (const trial of trials) expectOnDomain(SMALL_GRID, trial.params);
    // 0.55 is not on the 0.1 grid from 0.1: the grid stops at 0.5, and values carry no binary noise.
    const floatSteps = new Set(trials.map((t) => t.params.floatStep));
    expect([...floatSteps].every((v) => [0.1, 0.2, 0.3, 0.4, 0.5].includes(v as number))).toBe(true);
  });

  for (const multivariate of [false, true]) {
    it(`TPE (${multivariate ? 'multivariate' : 'independent'}) after its startup trials`, () => {
      const sampler = new TpeSampler({ seed: 2, nStartupTrials: 5, multivariate });
      const trials = runStudy(sampler, ALL_KINDS, mixedObjective, 60);
      for (const trial of trials) expectOnDomain(ALL_KINDS, trial.params);
    });
  }

  it('TPE with the endpoint and clip heuristics switched the other way', () => {
    const sampler = new TpeSampler({ seed: 3, nStartupTrials: 3, considerEndpoints: true, considerMagicClip: false });
    for (const trial of runStudy(sampler, ALL_KINDS, mixedObjective, 40)) expectOnDomain(ALL_KINDS, trial.params);
  });

  it('a parameter with one possible value is always that value', () => {
    const space: SearchSpace = {
      one: { kind: 'float', low: 2, high: 2, log: true },
      lonely: { kind: 'categorical', choices: ['only'] },
      x: { kind: 'float', low: 0, high: 1, log: false },
    };
    for (const sampler of [new RandomSampler({ seed: 1 }), new TpeSampler({ seed: 1, nStartupTrials: 2 })]) {
      for (const trial of runStudy(sampler, space, (p) => p.x as number, 20)) {
        expect(trial.params).toMatchObject({ one: 2, lonely: 'only' });
      }
    }
  });

  it('holds for arbitrary numeric distributions (property)', () => {
    const distribution: fc.Arbitrary<Distribution> = fc.oneof(
      fc
        .record({
          low: fc.integer({ min: 1, max: 50 }),
          span: fc.integer({ min: 0, max: 500 }),
          step: fc.integer({ min: 1, max: 7 }),
          log: fc.boolean(),
        })
        .map(({ low, span, step, log }) => ({ kind: 'int' as const, low, high: low + span, step, log })),
      fc
        .record({
          low: fc.double({ min: 1e-3, max: 100, noNaN: true }),
          span: fc.double({ min: 0, max: 1000, noNaN: true }),
          step: fc.option(fc.double({ min: 1e-3, max: 10, noNaN: true }), { nil: undefined }),
          log: fc.boolean(),
        })
        .map(({ low, span, step, log }) => ({ kind: 'float' as const, low, high: low + span, step, log })),
    );
    fc.assert(
      fc.property(distribution, distribution, fc.integer({ min: 0, max: 1000 }), (a, b, seed) => {
        const space: SearchSpace = { a, b };
        const objective = (p: Record<string, unknown>) => ((p.a as number) - (p.b as number)) ** 2;
        const samplers = [new RandomSampler({ seed }), new TpeSampler({ seed, nStartupTrials: 4 })];
        for (const sampler of samplers) {
          for (const trial of runStudy(sampler, space, objective, 12)) {
            if (offDomain(a, trial.params.a) ?? offDomain(b, trial.params.b)) return false;
          }
        }
        return true;
      }),
      // Seeded, so a run is repeatable; the case below is one an unseeded run once found.
      { numRuns: 200, seed: 20261205 },
    );
  });

  it('holds on a log range whose bounds are a few ulps apart (their logarithms are equal)', () => {
    const space: SearchSpace = {
      a: { kind: 'float', low: 0.001, high: 0.001, log: false },
      b: { kind: 'float', low: 2.8581829487701658, high: 2.858182948770166, log: true },
    };
    const objective = (p: Record<string, unknown>) => ((p.a as number) - (p.b as number)) ** 2;
    for (const trial of runStudy(new TpeSampler({ seed: 0, nStartupTrials: 4 }), space, objective, 12)) {
      expect(offDomain(space.b, trial.params.b)).toBeUndefined();
    }
  });
});

describe('the random draw is uniform on each scale', () => {
  it('visits every grid point and choice about equally often', () => {
    const space: SearchSpace = {
      k: { kind: 'int', low: 2, high: 10, step: 2, log: false },
      c: { kind: 'categorical', choices: ['a', 'b', 'c'] },
    };
    const trials = runStudy(new RandomSampler({ seed: 5 }), space, () => 0, 3000);
    const counts = (name: string) => {
      const map = new Map<unknown, number>();
      for (const t of trials) map.set(t.params[name], (map.get(t.params[name]) ?? 0) + 1);
      return map;
    };
    expect([...counts('k').keys()].sort((x, y) => (x as number) - (y as number))).toEqual([2, 4, 6, 8, 10]);
    for (const n of counts('k').values()) expect(Math.abs(n - 600)).toBeLessThan(90);
    for (const n of counts('c').values()) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });

  it('draws log parameters log-uniformly', () => {
    const space: SearchSpace = {
      f: { kind: 'float', low: 1e-4, high: 1, log: true },
      i: { kind: 'int', low: 1, high: 10_000, step: 1, log: true },
    };
    const trials = runStudy(new RandomSampler({ seed: 6 }), space, () => 0, 2000);
    // Each decade holds a quarter of the draws.
    const share = (name: string, low: number, high: number) =>
      trials.filter((t) => (t.params[name] as number) >= low && (t.params[name] as number) < high).length / 2000;
    expect(share('f', 1e-4, 1e-3)).toBeGreaterThan(0.2);
    expect(share('f', 1e-4, 1e-3)).toBeLessThan(0.3);
    expect(share('i', 1000, 10_001)).toBeGreaterThan(0.2);
    expect(share('i', 1000, 10_001)).toBeLessThan(0.3);
  });
});

describe('bad search spaces', () => {
  const cases: [string, SearchSpace, string][] = [
    [
      'low above high',
      { x: { kind: 'float', low: 2, high: 1, log: false } },
      "parameter 'x': low (2) must not exceed high (1)",
    ],
    [
      'log with low 0',
      { x: { kind: 'float', low: 0, high: 1, log: true } },
      "parameter 'x': a log scale needs low > 0",
    ],
    ['zero step', { x: { kind: 'int', low: 0, high: 10, step: 0, log: false } }, "parameter 'x': step must be > 0"],
    [
      'fractional int step',
      { x: { kind: 'int', low: 0, high: 10, step: 1.5, log: false } },
      'an int step must be a whole number',
    ],
    ['no choices', { x: { kind: 'categorical', choices: [] } }, "parameter 'x': needs at least one choice"],
    ['no parameters', {}, 'the search space has no parameters'],
  ];
  for (const [label, space, message] of cases) {
    it(`rejects ${label} with a UsageError`, () => {
      for (const sampler of [new RandomSampler({ seed: 1 }), new TpeSampler({ seed: 1 }), new GridSampler()]) {
        expect(() => sampler.sample({ space, trials: [], direction: 'minimize' })).toThrow(UsageError);
        expect(() => sampler.sample({ space, trials: [], direction: 'minimize' })).toThrow(message);
      }
    });
  }
});
