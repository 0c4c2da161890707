import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import { createStudy, MemoryStudyStorage } from '../../../src/optimise/index.js';
import type { ParamPoint } from '../../../src/optimise/samplers/index.js';

const space = { x: { kind: 'float', low: -10, high: 10 }, n: { kind: 'int', low: 0, high: 5 } } as const;
const bowl = (p: ParamPoint) => ((p.x as number) - 2) ** 2 + (p.n as number);
/** Lets `n` turns of the event loop pass: async evaluations finish in an order the test chooses. */
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('createStudy', () => {
  it('minimises any function: the best trial is the lowest value found, near the minimum', async () => {
    const study = createStudy({ direction: 'minimize', space, seed: 7 });
    const result = await study.optimise(bowl, { trials: 60 });
    expect(result.trials).toHaveLength(60);
    const values = result.trials.map((t) => t.value as number);
    expect(result.best?.value).toBe(Math.min(...values));
    expect(result.best?.value).toBe(bowl(result.best?.params as ParamPoint));
    expect(result.best?.value).toBeLessThan(0.5);
    expect(result.trials.every((t) => Number.isInteger(t.params.n))).toBe(true);
  });

  it('maximises when asked: the same function, the opposite end', async () => {
    const result = await createStudy({ direction: 'maximize', space, seed: 7 }).optimise(bowl, { trials: 40 });
    const values = result.trials.map((t) => t.value as number);
    expect(result.best?.value).toBe(Math.max(...values));
    expect(result.best?.value).toBeGreaterThan(100);
  });

  it('gives the same trials for a seed however long an async objective takes on each', async () => {
    const sync = await createStudy({ direction: 'minimize', space, seed: 3 }).optimise(bowl, { trials: 24 });
    const slow = await createStudy({ direction: 'minimize', space, seed: 3 }).optimise(
      async (params, trial) => {
        await ticks((trial.number * 7) % 5);
        return bowl(params);
      },
      { trials: 24 },
    );
    expect(slow.trials).toEqual(sync.trials);
    const other = await createStudy({ direction: 'minimize', space, seed: 4 }).optimise(bowl, { trials: 24 });
    expect(other.trials).not.toEqual(sync.trials);
  });

  it('records a throwing objective as a failed trial and carries on; null counts as the worst value', async () => {
    const result = await createStudy({ direction: 'minimize', space, sampler: 'random' }).optimise(
      (params, trial) => {
        if (trial.number === 1) throw new Error('no data for this point');
        if (trial.number === 2) return null;
        if (trial.number === 3) return Number.NaN;
        return bowl(params);
      },
      { trials: 8 },
    );
    expect(result.trials.map((t) => t.state)).toEqual([
      'complete',
      'failed',
      'complete',
      'failed',
      'complete',
      'complete',
      'complete',
      'complete',
    ]);
    expect(result.trials[1].error).toBe('no data for this point');
    expect(result.trials[2].value).toBeNull();
    expect(result.trials[3].error).toContain('NaN');
    expect(result.best?.number).not.toBe(2);
  });

  it('resumes a stored study: 10 trials then 25 are the 25 of one run', async () => {
    const storage = new MemoryStudyStorage();
    const make = () => createStudy({ direction: 'minimize', space, seed: 5, storage, name: 'bowl' });
    await make().optimise(bowl, { trials: 10 });
    const resumed = await make().optimise(bowl, { trials: 25 });
    const straight = await createStudy({ direction: 'minimize', space, seed: 5 }).optimise(bowl, { trials: 25 });
    expect(resumed.trials).toEqual(straight.trials);
    expect(await make().result()).toEqual(resumed);
  });

  it('keeps infeasible points from the objective', async () => {
    const seen: ParamPoint[] = [];
    await createStudy({ direction: 'maximize', space, feasible: (p) => (p.x as number) > 0 }).optimise(
      (params) => {
        seen.push(params);
        return bowl(params);
      },
      { trials: 20 },
    );
    expect(seen.every((p) => (p.x as number) > 0)).toBe(true);
  });

  it('refuses a bad direction, space or trial count up front', async () => {
    expect(() => createStudy({ direction: 'up' as never, space })).toThrow(UsageError);
    expect(() => createStudy({ direction: 'minimize', space: { x: { kind: 'float', low: 1, high: 0 } } })).toThrow(
      /low \(1\) must not exceed high/,
    );
    const study = createStudy({ direction: 'minimize', space });
    await expect(study.optimise(bowl, { trials: 0 })).rejects.toThrow(UsageError);
  });
});
