import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OptimiseResult, optimise } from '../../../src/optimise/index.js';
import { recordTuned } from '../../../src/pipeline/index.js';
import { sandboxOptimisation } from '../../helpers/optimise-options.js';

const example = 'examples/specs/ema-cross.json';
const handTuned = { params: { fast: 9, slow: 30, stop_loss: 0.05, take_profit: 0.1 }, trials: 200 };

/** A copy of the example spec whose optimised block already tunes SBX-CYCLE by hand. */
function specWithTunedCycle(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fleet-record-')), 'ema-cross.json');
  writeFileSync(
    file,
    `${JSON.stringify({ ...JSON.parse(readFileSync(example, 'utf8')), optimised: { 'SBX-CYCLE': handTuned } }, null, 2)}\n`,
  );
  return file;
}

describe('recordTuned', () => {
  let result: OptimiseResult;
  beforeAll(async () => {
    result = await optimise(
      await sandboxOptimisation({
        symbols: ['SBX-CYCLE', 'SBX-TREND'],
        bars: 3000,
        constraints: { minTrades: 1 },
        trials: 4,
        sampler: 'random',
        workers: 0,
      }),
    );
  });

  it('writes new instruments, keeps a result already there, and says which it kept', async () => {
    const file = specWithTunedCycle();
    let asked: string[] = [];
    const recorded = await recordTuned(file, result, {
      confirmReplace: async (clashes) => {
        asked = clashes.map((c) => c.symbol);
        return false;
      },
    });
    expect(asked).toEqual(['SBX-CYCLE']);
    expect(recorded.written).toBe(file);
    expect(recorded.comparisons).toHaveLength(1);
    expect(recorded.comparisons[0]).toMatchObject({ symbol: 'SBX-CYCLE', replaced: false, old: handTuned });
    const block = JSON.parse(readFileSync(file, 'utf8')).optimised;
    expect(block['SBX-CYCLE']).toEqual(handTuned);
    expect(block['SBX-TREND']).toMatchObject({ trials: 4, updated: expect.any(String) });
  });

  it('replaces on a yes (or with replace), and then leaves the same result alone', async () => {
    const file = specWithTunedCycle();
    const recorded = await recordTuned(file, result, { confirmReplace: async () => true });
    expect(recorded.comparisons.map((c) => [c.symbol, c.replaced])).toEqual([['SBX-CYCLE', true]]);
    const after = readFileSync(file, 'utf8');
    expect(JSON.parse(after).optimised['SBX-CYCLE']).toEqual(recorded.comparisons[0].new);

    const again = await recordTuned(file, result, {});
    expect(again).toEqual({ written: undefined, comparisons: [], unchanged: ['SBX-CYCLE', 'SBX-TREND'] });
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('keeps old results when no one can be asked', async () => {
    const file = specWithTunedCycle();
    const recorded = await recordTuned(file, result, {});
    expect(recorded.comparisons.map((c) => c.replaced)).toEqual([false]);
    expect(JSON.parse(readFileSync(file, 'utf8')).optimised['SBX-CYCLE']).toEqual(handTuned);
    const replaced = await recordTuned(file, result, { replace: true });
    expect(replaced.comparisons.map((c) => c.replaced)).toEqual([true]);
  });
});
