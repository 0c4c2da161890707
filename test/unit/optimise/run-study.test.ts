import { describe, expect, it } from 'vitest';
import { createSampler, MemoryStudyStorage, PROPOSAL_WINDOW, runStudyLoop } from '../../../src/optimise/index.js';
import type { SampleContext } from '../../../src/optimise/samplers/index.js';

const space = { x: { kind: 'float', low: 0, high: 1, log: false } } as const;
const outcome = (value: number) => ({ ok: true as const, value: { value, metrics: {} as never, durationMs: 1 } });
/** Lets `n` turns of the event loop pass: evaluations finish in an order the test chooses. */
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('runStudyLoop', () => {
  it('keeps `window` trials pending and records them all, in trial order', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const storage = new MemoryStudyStorage();
    const trials = await runStudyLoop({
      study: { name: 's' },
      storage,
      sampler: createSampler('random', { seed: 1 }),
      space,
      trials: 12,
      window: 3,
      feasible: () => true,
      evaluate: async (p) => {
        most = Math.max(most, ++running);
        await ticks(p.x as number);
        running--;
        return outcome(p.x as number);
      },
      onTrial: (event) => order.push(event.number),
    });
    expect(trials).toHaveLength(12);
    expect(most).toBe(3);
    expect(order).toEqual([...Array(12).keys()]);
    expect(trials.every((t) => t.state === 'complete' && t.value === t.params.x)).toBe(true);
  });

  it('shows the sampler the same trials however the evaluations interleave', async () => {
    // What the sampler saw at each proposal, with evaluations finishing in trial order or scrambled.
    const views = async (delay: (x: number) => number, name: string, storage = new MemoryStudyStorage()) => {
      const seen: string[] = [];
      const random = createSampler('random', { seed: 4 });
      const sampler = {
        name: 'spy',
        sample: (context: SampleContext) => {
          seen.push(JSON.stringify(context.trials.map((t) => [t.number, t.state, t.value ?? null])));
          return random.sample(context);
        },
      };
      await runStudyLoop({
        study: { name },
        storage,
        sampler,
        space,
        trials: 10,
        feasible: () => true,
        evaluate: async (p) => {
          await ticks(delay(p.x as number));
          return outcome(p.x as number);
        },
      });
      return seen;
    };
    const inOrder = await views(() => 0, 'a');
    expect(await views((x) => Math.floor(x * 50), 'b')).toEqual(inOrder);
    expect(await views((x) => 50 - Math.floor(x * 50), 'c')).toEqual(inOrder);
    // Trial n sees trials up to n - PROPOSAL_WINDOW as they are and the later ones as running.
    const last = JSON.parse(inOrder[9]) as [number, string][];
    expect(last.filter(([, state]) => state === 'running').map(([n]) => n)).toEqual(
      Array.from({ length: PROPOSAL_WINDOW - 1 }, (_, i) => 10 - PROPOSAL_WINDOW + i),
    );
  });

  it('proposes after a resume what an uninterrupted study would have', async () => {
    const run = async (stops: number[]) => {
      const storage = new MemoryStudyStorage();
      for (const trials of stops) {
        await runStudyLoop({
          study: { name: 's' },
          storage,
          sampler: createSampler('tpe', { seed: 6, nStartupTrials: 2, constantLiar: true }),
          space,
          trials,
          feasible: () => true,
          evaluate: async (p) => outcome(-(((p.x as number) - 0.3) ** 2)),
        });
      }
      return storage.trials({ name: 's' });
    };
    expect(await run([5, 12])).toEqual(await run([12]));
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
          window: 4,
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
