import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptimisation } from '../../../src/pipeline/index.js';
import { readSpecFile } from '../../../src/spec/index.js';
import { checkEvidence } from '../../helpers/evidence-check.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the evidence pages fleet optimise writes', () => {
  it('say what their report.json holds, walk-forward folds included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-optimise-evidence-'));
    dirs.push(dir);
    const result = await runOptimisation({
      spec: await readSpecFile('examples/specs/ema-cross.json'),
      symbols: ['SBX-TREND', 'SBX-VOLATILE'],
      top: 2,
      source: { kind: 'sandbox' },
      bars: 4000,
      trials: 6,
      metric: 'sharpe',
      sampler: 'random',
      split: 0.7,
      constraints: { minTrades: 1 },
      walkForward: 2,
      workers: 0,
      write: false,
      reportDir: dir,
    });
    expect(Object.keys(result.reports)).toEqual(['SBX-TREND', 'SBX-VOLATILE']);
    for (const page of Object.values(result.reports)) {
      const data = JSON.parse(readFileSync(join(dirname(page), 'report.json'), 'utf8'));
      expect(data.walkForward.folds).toHaveLength(2);
      checkEvidence(readFileSync(page, 'utf8'), data);
    }
  });
});
