import { describe, expect, it } from 'vitest';
import {
  createSampler,
  type ParamPoint,
  type Sampler,
  type TrialRecord,
} from '../../../../src/optimise/samplers/index.js';
import { ALL_KINDS, BRANIN_SPACE, branin, runStudy } from './helpers.js';

const NAMES = ['tpe', 'tpe-independent', 'random', 'grid'] as const;
const GRID_SPACE = {
  a: { kind: 'int', low: 0, high: 30, step: 1, log: false },
  b: { kind: 'categorical', choices: ['x', 'y', 'z'] },
} as const;

function proposals(sampler: Sampler, count: number): ParamPoint[] {
  const space = sampler.name === 'grid' ? GRID_SPACE : ALL_KINDS;
  const objective = (p: ParamPoint) => (typeof p.a === 'number' ? p.a : (p.float as number));
  return runStudy(sampler, space, objective, count).map((t) => t.params);
}

describe('seeding', () => {
  for (const name of NAMES) {
    it(`${name}: the same seed gives the same sequence, another seed another`, () => {
      const first = proposals(createSampler(name, { seed: 11, nStartupTrials: 5 }), 25);
      const again = proposals(createSampler(name, { seed: 11, nStartupTrials: 5 }), 25);
      const other = proposals(createSampler(name, { seed: 12, nStartupTrials: 5 }), 25);
      expect(again).toEqual(first);
      expect(other).not.toEqual(first);
      // Not just the startup: the model-driven part differs too.
      expect(other.slice(5)).not.toEqual(first.slice(5));
    });
  }

  it('a study resumed from its stored trials proposes what the original would have', () => {
    for (const multivariate of [false, true]) {
      const original = createSampler('tpe', { seed: 4, multivariate });
      const trials = runStudy(original, BRANIN_SPACE, branin, 30);
      // A fresh sampler (a new process) given the trials as stored: plain JSON, new objects.
      const stored = JSON.parse(JSON.stringify(trials)) as TrialRecord[];
      const resumed = createSampler('tpe', { seed: 4, multivariate });
      for (const n of [12, 20, 30]) {
        const context = { space: BRANIN_SPACE, direction: 'minimize' as const };
        expect(resumed.sample({ ...context, trials: stored.slice(0, n) })).toEqual(
          original.sample({ ...context, trials: trials.slice(0, n) }),
        );
      }
    }
  });

  it('asking twice with the same trials gives the same point (no hidden state)', () => {
    const sampler = createSampler('tpe', { seed: 9 });
    const trials = runStudy(sampler, BRANIN_SPACE, branin, 20);
    const context = { space: BRANIN_SPACE, trials, direction: 'minimize' as const };
    expect(sampler.sample(context)).toEqual(sampler.sample(context));
  });

  it('TPE (both kinds) with the same seed as random draws the same startup points', () => {
    const random = runStudy(createSampler('random', { seed: 21 }), BRANIN_SPACE, branin, 11);
    for (const [name, startup] of [
      ['tpe', 6],
      ['tpe-independent', 10],
    ] as const) {
      const tpe = runStudy(createSampler(name, { seed: 21 }), BRANIN_SPACE, branin, 10).slice(0, startup);
      expect(tpe.map((t) => t.params)).toEqual(random.slice(0, startup).map((t) => t.params));
      const next = runStudy(createSampler(name, { seed: 21 }), BRANIN_SPACE, branin, startup + 1)[startup];
      expect(next.params).not.toEqual(random[startup].params);
    }
  });
});
