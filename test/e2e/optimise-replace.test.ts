import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';
import { fleetOnTerminal, type Terminal } from '../helpers/terminal.js';

/** A folder with a copy of the example spec, tuned once on SBX-CYCLE with 6 trials. */
async function tunedOnce() {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-replace-'));
  const spec = join(dir, 'ema-cross.json');
  copyFileSync('examples/specs/ema-cross.json', spec);
  const tune = (trials: number, ...flags: string[]) =>
    fleet([
      'optimise',
      spec,
      '--symbols',
      'SBX-CYCLE',
      '--trials',
      String(trials),
      '--sampler',
      'random',
      '--bars',
      '3000',
      '--min-trades',
      '2',
      '--report-dir',
      join(dir, 'reports'),
      ...flags,
    ]);
  const first = await tune(6);
  expect(first.exitCode, first.stderr).toBe(0);
  const report = join(dir, 'reports', 'ema-cross', 'SBX-CYCLE', 'report.json');
  return { dir, spec, tune, report, tuned: readFileSync(spec, 'utf8') };
}

describe('fleet optimise over a result already in the spec', () => {
  it('keeps the old result without --replace (exit 3), shows both, and still writes the reports', async () => {
    const { spec, tune, report, tuned } = await tunedOnce();
    const old = JSON.parse(tuned).optimised['SBX-CYCLE'];
    expect(old).toMatchObject({ trials: 6, updated: expect.any(String) });

    const r = await tune(9);
    expect(r.exitCode).toBe(3);
    expect(readFileSync(spec, 'utf8')).toBe(tuned);
    // The reports are this run's.
    expect(JSON.parse(readFileSync(report, 'utf8')).trials).toBe(9);
    // Old and new side by side: trials, time, in-sample and out-of-sample values, parameters.
    const lines = r.stdout.split('\n');
    const row = (label: string) => lines.find((line) => line.startsWith(`${label} `)) ?? '';
    expect(lines.find((line) => line.includes('in the spec'))).toMatch(/^SBX-CYCLE\s+in the spec\s+this run$/);
    expect(row('trials')).toMatch(/^trials\s+6\s+9$/);
    expect(row('made')).toContain(old.updated.slice(0, 16).replace('T', ' '));
    expect(row('in-sample')).toContain(old.in_sample.value.toFixed(3));
    expect(row('out-of-sample')).toContain(old.out_of_sample.value.toFixed(3));
    expect(row('params')).toContain(`fast=${old.params.fast} slow=${old.params.slow}`);
    expect(r.stdout).toContain('kept the tuned values of SBX-CYCLE already in the spec (--replace replaces them)');
    expect(r.stdout).not.toContain('wrote the optimised block');
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `error: ${spec} already has tuned values for SBX-CYCLE; they were kept and this run's are only in the reports: rerun with --replace to replace them`,
    );
  });

  it('replaces it with --replace, recording when and from how many trials', async () => {
    const { spec, tune } = await tunedOnce();
    const r = await tune(9, '--replace', '--json');
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.comparisons).toHaveLength(1);
    expect(result.comparisons[0]).toMatchObject({ symbol: 'SBX-CYCLE', replaced: true, old: { trials: 6 } });
    const entry = JSON.parse(readFileSync(spec, 'utf8')).optimised['SBX-CYCLE'];
    expect(entry).toEqual(result.comparisons[0].new);
    expect(entry.trials).toBe(9);
    expect(Date.parse(entry.updated)).toBeGreaterThan(Date.parse(result.comparisons[0].old.updated) - 1);
  });

  it('leaves the spec as it is when the same run gives the same result', async () => {
    const { spec, tune, tuned } = await tunedOnce();
    const r = await tune(6);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(spec, 'utf8')).toBe(tuned);
    expect(r.stdout).toContain('SBX-CYCLE: the spec already holds this result; left as it was');
  });
});

describe('fleet optimise on a terminal', () => {
  let terminal: Terminal | undefined;
  afterAll(() => terminal?.close());

  it('asks before replacing a tuned result, showing both, and replaces it on a yes', async () => {
    const { dir, spec } = await tunedOnce();
    terminal = fleetOnTerminal(
      `optimise ${spec} --symbols SBX-CYCLE --trials 9 --sampler random --bars 3000 --min-trades 2 --report-dir ${join(dir, 'reports')}`,
      { cwd: dir },
    );
    const shown = await terminal.waitFor('Replace the tuned values');
    expect(shown).toMatch(/trials\s+6\s+9/);
    terminal.type('Left', 'Enter');
    await terminal.waitFor('exit 0');
    expect(JSON.parse(readFileSync(spec, 'utf8')).optimised['SBX-CYCLE'].trials).toBe(9);
  });
});
