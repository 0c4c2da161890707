import { describe, expect, it } from 'vitest';
import {
  type Direction,
  type ParamPoint,
  RandomSampler,
  type SearchSpace,
  TpeSampler,
} from '../../../../src/optimise/samplers/index.js';
import { BRANIN_SPACE, best, branin, type Objective, runStudy } from './helpers.js';

const QUADRATIC_SPACE: SearchSpace = {
  x: { kind: 'float', low: -5, high: 5, log: false },
  y: { kind: 'float', low: -5, high: 5, log: false },
};
const quadratic = (p: ParamPoint) => ((p.x as number) - 1.3) ** 2 + ((p.y as number) + 0.7) ** 2;

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const TRIALS = 60;

/** Sum over the seeds of the best value found; for maximize, of the best of the negated objective. */
function score(kind: 'tpe' | 'tpe-mv' | 'random', space: SearchSpace, f: Objective, direction: Direction): number {
  // Maximising -f is the same problem, so the two directions can share one yardstick.
  const objective = direction === 'minimize' ? f : (p: ParamPoint) => -f(p);
  let total = 0;
  for (const seed of SEEDS) {
    const sampler =
      kind === 'random' ? new RandomSampler({ seed }) : new TpeSampler({ seed, multivariate: kind === 'tpe-mv' });
    const found = best(runStudy(sampler, space, objective, TRIALS, direction), direction);
    total += direction === 'minimize' ? found : -found;
  }
  return total;
}

describe('TPE beats random search (sum of best values over 10 seeds, 60 trials)', () => {
  const problems: [string, SearchSpace, Objective][] = [
    ['2-D quadratic', QUADRATIC_SPACE, quadratic],
    ['Branin', BRANIN_SPACE, branin],
  ];
  for (const [label, space, f] of problems) {
    for (const direction of ['minimize', 'maximize'] as const) {
      it(`${label}, ${direction}`, () => {
        const random = score('random', space, f, direction);
        const tpe = score('tpe', space, f, direction);
        const multivariate = score('tpe-mv', space, f, direction);
        expect(tpe).toBeLessThan(random);
        expect(multivariate).toBeLessThan(random);
      });
    }
  }

  it('gets close to the quadratic minimum', () => {
    // Random search over 60 points averages a best of ~0.4 here; TPE should be well under it.
    expect(score('tpe', QUADRATIC_SPACE, quadratic, 'minimize') / SEEDS.length).toBeLessThan(0.15);
  });
});
