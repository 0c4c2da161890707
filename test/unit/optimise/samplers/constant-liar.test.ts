import { describe, expect, it } from 'vitest';
import {
  type ParamPoint,
  RandomSampler,
  type SearchSpace,
  TpeSampler,
  type TrialRecord,
} from '../../../../src/optimise/samplers/index.js';
import { runStudy } from './helpers.js';

const SPACE: SearchSpace = {
  x: { kind: 'int', low: 0, high: 20, step: 1, log: false },
  y: { kind: 'int', low: 0, high: 20, step: 1, log: false },
};
const objective = (p: ParamPoint) => ((p.x as number) - 10) ** 2 + ((p.y as number) - 10) ** 2;

/** A study of complete trials, plus two workers already running its best point. */
function studyWithTwoRunning(seed: number): { trials: TrialRecord[]; good: ParamPoint } {
  const complete = runStudy(new TpeSampler({ seed }), SPACE, objective, 30);
  const good = complete.reduce((a, b) => ((a.value as number) <= (b.value as number) ? a : b)).params;
  const running: TrialRecord[] = [30, 31].map((number) => ({ number, params: good, state: 'running' }));
  return { trials: [...complete, ...running], good };
}

const same = (a: ParamPoint, b: ParamPoint) => a.x === b.x && a.y === b.y;

describe('constant liar', () => {
  it('steers the next proposal away from points other workers are running', () => {
    let movedWithLiar = 0;
    let movedWithout = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { trials, good } = studyWithTwoRunning(seed);
      const context = { space: SPACE, trials, direction: 'minimize' as const };
      if (!same(new TpeSampler({ seed, constantLiar: true }).sample(context), good)) movedWithLiar++;
      if (!same(new TpeSampler({ seed, constantLiar: false }).sample(context), good)) movedWithout++;
    }
    expect(movedWithLiar).toBeGreaterThan(movedWithout);
  });

  it('without the liar, running trials do not change the proposal (only their count does)', () => {
    const complete = runStudy(new RandomSampler({ seed: 2 }), SPACE, objective, 20);
    const with = (params: ParamPoint): TrialRecord[] => [...complete, { number: 20, params, state: 'running' }];
    const sampler = new TpeSampler({ seed: 2 });
    const context = { space: SPACE, direction: 'minimize' as const };
    expect(sampler.sample({ ...context, trials: with({ x: 10, y: 10 }) })).toEqual(
      sampler.sample({ ...context, trials: with({ x: 0, y: 20 }) }),
    );
    const liar = new TpeSampler({ seed: 2, constantLiar: true });
    expect(liar.sample({ ...context, trials: with({ x: 10, y: 10 }) })).not.toEqual(
      liar.sample({ ...context, trials: with({ x: 0, y: 20 }) }),
    );
  });
});
