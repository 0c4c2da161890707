import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/index.js';
import {
  createSampler,
  GridSampler,
  RandomSampler,
  SAMPLER_NAMES,
  TpeSampler,
} from '../../../../src/optimise/samplers/index.js';

describe('createSampler', () => {
  it('makes each named sampler', () => {
    expect(SAMPLER_NAMES).toEqual(['tpe', 'tpe-independent', 'random', 'grid']);
    expect(createSampler('tpe', { seed: 1 })).toBeInstanceOf(TpeSampler);
    expect(createSampler('tpe-independent', { seed: 1 })).toBeInstanceOf(TpeSampler);
    expect(createSampler('random', { seed: 1 })).toBeInstanceOf(RandomSampler);
    expect(createSampler('grid', { seed: 1 })).toBeInstanceOf(GridSampler);
    expect(SAMPLER_NAMES.map((name) => createSampler(name, { seed: 1 }).name)).toEqual([...SAMPLER_NAMES]);
  });

  it('passes the grid limit on', () => {
    const space = { x: { kind: 'int', low: 1, high: 50, step: 1, log: false } } as const;
    const grid = createSampler('grid', { seed: 1, maxPoints: 10 });
    expect(() => grid.sample({ space, trials: [], direction: 'minimize' })).toThrow(
      'grid of 50 points exceeds the limit of 10',
    );
  });

  it('refuses an unknown name with a UsageError', () => {
    for (const name of ['TPE', 'cmaes', '']) {
      expect(() => createSampler(name, { seed: 1 })).toThrow(UsageError);
      expect(() => createSampler(name, { seed: 1 })).toThrow(
        `unknown sampler '${name}' (expected tpe, tpe-independent, random or grid)`,
      );
    }
  });
});
