import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

/**
 * Runs the CLI in a fresh folder holding a copy of the example spec, then returns every file under
 * it and stdout, with the folder written as <dir> and each optimised entry's time as <time>: the
 * one thing allowed to differ between two runs.
 */
async function outputs(args: (dir: string) => string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-det-'));
  copyFileSync('examples/specs/ema-cross.json', join(dir, 'ema-cross.json'));
  const r = await fleet(args(dir), { cwd: dir });
  expect(r.exitCode, r.stderr).toBe(0);
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = readFileSync(path, 'utf8')
      .replaceAll(dir, '<dir>')
      .replace(/"(updated|created)": "[^"]+"/g, '"$1": "<time>"');
  }
  return { files, stdout: r.stdout.replaceAll(dir, '<dir>') };
}

describe('fleet optimise and fleet demo are reproducible', () => {
  it('write the same reports and optimised block on 1, 2 and 4 workers', async () => {
    const run = (workers: number) =>
      outputs(() => [
        'optimise',
        'ema-cross.json',
        '--symbols',
        'SBX-CYCLE',
        '--trials',
        '16',
        '--bars',
        '3000',
        '--min-trades',
        '3',
        '--workers',
        String(workers),
        '--report-dir',
        'reports',
        '--json',
      ]);
    const one = await run(1);
    expect(Object.keys(one.files)).toContain('reports/ema-cross/SBX-CYCLE/report.json');
    expect(one.files['ema-cross.json']).toContain('"optimised"');
    for (const workers of [2, 4]) {
      const other = await run(workers);
      expect(other.files, `${workers} workers`).toEqual(one.files);
      expect(other.stdout, `${workers} workers`).toBe(one.stdout);
    }
  });

  it('demo: the same screen, tuned values and reports on 1 and 2 workers', async () => {
    const run = (workers: number) =>
      outputs((dir) => [
        'demo',
        '--out',
        dir,
        '--bars',
        '3000',
        '--trials',
        '14',
        '--paper-seconds',
        '0',
        '--workers',
        String(workers),
      ]);
    const one = await run(1);
    expect(one.files['ema-cross.json']).toContain('"optimised"');
    const two = await run(2);
    expect(two.files).toEqual(one.files);
    expect(two.stdout).toBe(one.stdout);
  });
});
