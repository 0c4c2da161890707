import { describe, expect, it } from 'vitest';
import { MemoryStudyStorage, optimise } from '../../../src/optimise/index.js';
import { sandboxOptimisation } from '../../helpers/optimise-options.js';

/**
 * Same spec, data, seed and flags: the same trials, the same best parameters and the same result
 * (everything a report shows) whatever the number of worker threads. TPE takes over after ten
 * trials, so the later proposals depend on which results the sampler saw: the schedule, not the
 * threads' finishing order, must decide that.
 */
describe('optimise determinism', () => {
  it('gives identical trials, best parameters and results on 0, 1, 2 and 4 workers', async () => {
    const run = async (workers: number) => {
      const storage = new MemoryStudyStorage();
      const result = await optimise(
        await sandboxOptimisation({ trials: 18, sampler: 'tpe', seed: 0, walkForward: 1, workers, storage }),
      );
      const trials = await storage.trials({ name: 'ema-cross/SBX-CYCLE/sharpe' });
      return { trials, best: result.instruments[0].best.params, json: JSON.stringify(result) };
    };
    const reference = await run(1);
    expect(reference.trials).toHaveLength(18);
    for (const workers of [0, 2, 4]) {
      const other = await run(workers);
      expect(other.trials, `${workers} workers`).toEqual(reference.trials);
      expect(other.best, `${workers} workers`).toEqual(reference.best);
      expect(other.json, `${workers} workers`).toBe(reference.json);
    }
  });
});
