import { describe, expect, it } from 'vitest';
import { MemoryStudyStorage, optimise, planWalkForward } from '../../../src/optimise/index.js';
import { readSpecFile } from '../../../src/spec/index.js';

const base = async () => ({
  spec: await readSpecFile('examples/specs/ema-cross.json'),
  symbols: ['SBX-CYCLE'],
  source: { kind: 'sandbox' } as const,
  bars: 6000,
  metric: 'sharpe' as const,
  split: 0.7,
  constraints: { minTrades: 5 },
});

describe('optimise', () => {
  it('chooses the best trial in-sample and judges it out-of-sample', async () => {
    const storage = new MemoryStudyStorage();
    const result = await optimise({ ...(await base()), trials: 25, sampler: 'tpe', seed: 3, workers: 0, storage });
    const [instrument] = result.instruments;
    expect(instrument.trials).toBe(25);
    const trials = await storage.trials({ name: 'ema-cross/SBX-CYCLE/sharpe' });
    const values = trials.map((t) => t.value).filter((v): v is number => typeof v === 'number');
    expect(instrument.best.inSampleValue).toBeCloseTo(Math.max(...values), 12);
    // The spec's constraint holds in every trial.
    for (const t of trials) expect(t.params.fast as number).toBeLessThan(t.params.slow as number);
    expect(instrument.split).toMatchObject({ inSampleBars: 4200, outOfSampleBars: 1800 });
    expect(instrument.best.outOfSample.trades).toBeGreaterThan(0);
    expect(instrument.best.degradation).toBeCloseTo(
      (instrument.best.outOfSampleValue - instrument.best.inSampleValue) / Math.abs(instrument.best.inSampleValue),
      12,
    );
    expect(instrument.equity.strategy).toHaveLength(6000);
    expect(instrument.equity.buyAndHold[0]).toBe(10_000);
    expect(instrument.history.at(-1)?.best).toBe(instrument.best.inSampleValue);
    expect(instrument.importance.map((i) => i.param).sort()).toEqual(['fast', 'slow', 'stop_loss', 'take_profit']);
    expect(instrument.robustness.length).toBeGreaterThan(0);
  });

  it('makes the same trials from the same seed, and different ones from another', async () => {
    const run = async (seed: number) => {
      const storage = new MemoryStudyStorage();
      await optimise({ ...(await base()), trials: 15, sampler: 'tpe', seed, workers: 0, storage });
      return (await storage.trials({ name: 'ema-cross/SBX-CYCLE/sharpe' })).map((t) => t.params);
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
  });

  it('resumes a study from its storage, keeping the trials it had', async () => {
    const storage = new MemoryStudyStorage();
    const options = { ...(await base()), sampler: 'random' as const, seed: 5, workers: 0, storage };
    await optimise({ ...options, trials: 8 });
    const first = await storage.trials({ name: 'ema-cross/SBX-CYCLE/sharpe' });
    const result = await optimise({ ...options, trials: 12 });
    const after = await storage.trials({ name: 'ema-cross/SBX-CYCLE/sharpe' });
    expect(after).toHaveLength(12);
    expect(after.slice(0, 8)).toEqual(first);
    expect(result.instruments[0].trials).toBe(12);
  });

  it('runs trials on worker threads with the same results as inline', async () => {
    const inline = await optimise({ ...(await base()), trials: 10, sampler: 'random', seed: 9, workers: 0 });
    const threaded = await optimise({ ...(await base()), trials: 10, sampler: 'random', seed: 9, workers: 2 });
    // Random proposals do not depend on results, so the two studies hold the same points.
    expect(threaded.instruments[0].best.params).toEqual(inline.instruments[0].best.params);
    expect(threaded.instruments[0].best.inSampleValue).toBeCloseTo(inline.instruments[0].best.inSampleValue, 12);
  });

  it('reports an instrument whose data cannot load as a failure and goes on', async () => {
    const result = await optimise({
      ...(await base()),
      symbols: ['NOPE', 'SBX-CYCLE'],
      trials: 5,
      sampler: 'random',
      workers: 0,
    });
    expect(result.failures.map((f) => f.symbol)).toEqual(['NOPE']);
    expect(result.instruments.map((i) => i.symbol)).toEqual(['SBX-CYCLE']);
  });

  it('refuses too little data for the split, and a grid that is too large', async () => {
    await expect(optimise({ ...(await base()), bars: 400, trials: 5, sampler: 'random', workers: 0 })).rejects.toThrow(
      'too little data for --split 0.7',
    );
    const macd = await readSpecFile('examples/specs/macd.json');
    await expect(
      optimise({ ...(await base()), spec: macd, symbols: ['SBX-TREND'], trials: 5, sampler: 'grid', workers: 0 }),
    ).rejects.toThrow(/grid/);
  });
});

describe('walk-forward', () => {
  it('plans k rolling windows, each test window right after its training window', async () => {
    expect(planWalkForward(10_000, 0.7, 3)).toEqual([
      { fold: 0, trainStart: 0, trainEnd: 7000, testEnd: 8000 },
      { fold: 1, trainStart: 1000, trainEnd: 8000, testEnd: 9000 },
      { fold: 2, trainStart: 2000, trainEnd: 9000, testEnd: 10000 },
    ]);
    expect(() => planWalkForward(3000, 0.7, 5)).toThrow('too little data for --walk-forward 5');
  });

  it('tunes each fold on its own window and judges it on the next', async () => {
    const result = await optimise({
      ...(await base()),
      bars: 8000,
      trials: 8,
      sampler: 'random',
      seed: 1,
      workers: 0,
      walkForward: 2,
    });
    const wf = result.instruments[0].walkForward;
    expect(wf?.folds).toHaveLength(2);
    const [a, b] = wf?.folds ?? [];
    expect(a.testFrom).toBeLessThan(b.testFrom);
    expect(b.trainFrom).toBeGreaterThan(a.trainFrom);
    expect(wf?.compoundedOutOfSampleReturn).toBeCloseTo((1 + a.outOfSampleReturn) * (1 + b.outOfSampleReturn) - 1, 12);
  });
});
