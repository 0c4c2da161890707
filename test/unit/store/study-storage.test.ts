import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStudyStorage } from '../../../src/optimise/index.js';
import { StoreStudyStorage } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

describe.each(BACKENDS)('StoreStudyStorage on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('records trials like the in-memory storage does, and survives a reopen', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const stored = new StoreStudyStorage(store);
    const memory = new MemoryStudyStorage();
    const study = { name: 'ema-cross/SBX-TREND' };
    for (const storage of [stored, memory]) {
      expect(await storage.trials(study)).toEqual([]);
      expect(await storage.startTrial(study, { fast: 12, kind: 'ema', on: true })).toBe(0);
      expect(await storage.startTrial(study, { fast: 20, kind: 'sma', on: false })).toBe(1);
      expect(await storage.startTrial(study, { fast: 30, kind: 'sma', on: false })).toBe(2);
      await storage.finishTrial(study, 0, { state: 'complete', value: 1.25, attributes: { trades: 14 } });
      await storage.finishTrial(study, 1, { state: 'failed', error: 'too few bars' });
      await expect(storage.finishTrial(study, 1, { state: 'complete', value: 1 })).rejects.toThrow('not running');
    }
    expect(await stored.trials(study)).toEqual(await memory.trials(study));
    expect(await stored.trials({ name: 'other' })).toEqual([]);
    await store.close();
    const again = new StoreStudyStorage(await database.open({ migrated: false }));
    expect((await again.trials(study)).map((t) => [t.number, t.state])).toEqual([
      [0, 'complete'],
      [1, 'failed'],
      [2, 'running'],
    ]);
    expect(await again.startTrial(study, { fast: 1 })).toBe(3);
  });

  it('gives unique, gap-free numbers to trials started at once from two connections', async () => {
    database = await createTestDatabase(backend);
    const one = new StoreStudyStorage(await database.open(), { worker: 'one' });
    const two = new StoreStudyStorage(await database.open({ migrated: false }), { worker: 'two' });
    const study = { name: 'shared' };
    const numbers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? one : two).startTrial(study, { i })),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const trials = await one.trials(study);
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // Each number carries the params of the call that got it.
    for (const [i, number] of numbers.entries()) expect(trials[number]?.params).toEqual({ i });
  });
});
