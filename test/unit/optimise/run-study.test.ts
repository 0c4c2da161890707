import { describe, expect, it } from 'vitest';
import { createSampler, MemoryStudyStorage, runStudyLoop } from '../../../src/optimise/index.js';

const space = { x: { kind: 'float', low: 0, high: 1, log: false } } as const;
const outcome = (value: number) => ({ ok: true as const, value: { value, metrics: {} as never, durationMs: 1 } });

describe('runStudyLoop', () => {
  it('keeps `concurrency` trials in flight and records them all', async () => {
    let running = 0;
    let most = 0;
    const storage = new MemoryStudyStorage();
    const trials = await runStudyLoop({
      study: { name: 's' },
      storage,
      sampler: createSampler('random', { seed: 1 }),
      space,
      trials: 12,
      concurrency: 3,
      feasible: () => true,
      evaluate: async (p) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return outcome(p.x as number);
      },
    });
    expect(trials).toHaveLength(12);
    expect(most).toBe(3);
    expect(trials.every((t) => t.state === 'complete' && t.value === t.params.x)).toBe(true);
  });

  it('stops with the storage’s error once the other trials settle, leaving nothing unobserved', async () => {
    const storage = new MemoryStudyStorage();
    let finishes = 0;
    const broken = Object.assign(Object.create(storage), {
      finishTrial: async (...args: Parameters<MemoryStudyStorage['finishTrial']>) => {
        if (++finishes === 3) throw new Error('database went away');
        return storage.finishTrial(...args);
      },
    });
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      await expect(
        runStudyLoop({
          study: { name: 's' },
          storage: broken,
          sampler: createSampler('random', { seed: 2 }),
          space,
          trials: 20,
          concurrency: 4,
          feasible: () => true,
          evaluate: async (p) => outcome(p.x as number),
        }),
      ).rejects.toThrow('database went away');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
