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
  x: { kind: 'int', low: 0, high: 6, step: 1, log: false },
  y: { kind: 'int', low: 0, high: 6, step: 1, log: false },
};
const objective = (p: ParamPoint) => ((p.x as number) - 3) ** 2 + ((p.y as number) - 3) ** 2;
const distance = (a: ParamPoint, b: ParamPoint) =>
  Math.hypot((a.x as number) - (b.x as number), (a.y as number) - (b.y as number));

/** 20 complete random trials, then two workers running the best point found so far. */
function studyWithTwoRunning(seed: number): { trials: TrialRecord[]; good: ParamPoint } {
  const complete = runStudy(new RandomSampler({ seed }), SPACE, objective, 20);
  const good = complete.reduce((a, b) => ((a.value as number) <= (b.value as number) ? a : b)).params;
  const running: TrialRecord[] = [20, 21].map((number) => ({ number, params: good, state: 'running' }));
  return { trials: [...complete, ...running], good };
}

describe('constant liar', () => {
  for (const multivariate of [false, true]) {
    it(`steers the next proposal away from a point two workers are running (${multivariate ? 'multivariate' : 'independent'})`, () => {
      const moved = { liar: 0, plain: 0 };
      const away = { liar: 0, plain: 0 };
      for (let seed = 1; seed <= 40; seed++) {
        const { trials, good } = studyWithTwoRunning(seed);
        const context = { space: SPACE, trials, direction: 'minimize' as const };
        for (const kind of ['liar', 'plain'] as const) {
          const next = new TpeSampler({ seed, multivariate, constantLiar: kind === 'liar' }).sample(context);
          if (distance(next, good) > 0) moved[kind]++;
          away[kind] += distance(next, good);
        }
      }
      expect(moved.liar).toBeGreaterThan(moved.plain);
      expect(away.liar).toBeGreaterThan(away.plain * 1.2);
    });
  }

  it('without the liar, running trials do not change the proposal (only their count does)', () => {
    const complete = runStudy(new RandomSampler({ seed: 2 }), SPACE, objective, 20);
    const plus = (params: ParamPoint): TrialRecord[] => [...complete, { number: 20, params, state: 'running' }];
    const context = { space: SPACE, direction: 'minimize' as const };
    const plain = new TpeSampler({ seed: 2, multivariate: false });
    expect(plain.sample({ ...context, trials: plus({ x: 3, y: 3 }) })).toEqual(
      plain.sample({ ...context, trials: plus({ x: 0, y: 6 }) }),
    );
    const liar = new TpeSampler({ seed: 2, multivariate: false, constantLiar: true });
    const near = liar.sample({ ...context, trials: plus({ x: 3, y: 3 }) });
    const far = liar.sample({ ...context, trials: plus({ x: 0, y: 6 }) });
    expect(near).not.toEqual(far);
  });
});
