import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

const spec = 'examples/specs/ema-cross.json';

describe('fleet backtest', () => {
  it('prints one JSON document with metrics, trades and the equity curve', async () => {
    const r = await fleet(['backtest', spec, '--symbol', 'SBX-TREND', '--bars', '4000', '--json']);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.symbol).toBe('SBX-TREND');
    expect(result.bars).toBe(4000);
    expect(result.equity.value).toHaveLength(4000);
    expect(result.metrics.trades).toBe(result.trades.length);
    expect(result.trades.length).toBeGreaterThan(0);
    expect(result.metrics.finalEquity).toBeCloseTo(result.equity.value[3999], 6);
  });

  it('applies --params and the cost overrides', async () => {
    const a = JSON.parse((await fleet(['backtest', spec, '--symbol', 'SBX-WALK', '--bars', '3000', '--json'])).stdout);
    const b = JSON.parse(
      (
        await fleet([
          'backtest',
          spec,
          '--symbol',
          'SBX-WALK',
          '--bars',
          '3000',
          '--params',
          'fast=5,slow=60',
          '--fee-bps',
          '0',
          '--json',
        ])
      ).stdout,
    );
    expect(b.params).toMatchObject({ fast: 5, slow: 60 });
    expect(b.costs.feeBps).toBe(0);
    expect(b.metrics).not.toEqual(a.metrics);
  });

  it('refuses an unknown sandbox symbol with a suggestion (exit 2)', async () => {
    const r = await fleet(['backtest', spec, '--symbol', 'SBX-TRND', '--bars', '1000']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('SBX-TREND');
  });

  it('refuses parameters that break a constraint or a range (exit 2)', async () => {
    const constraint = await fleet(['backtest', spec, '--symbol', 'SBX-TREND', '--params', 'fast=40,slow=30']);
    expect(constraint.exitCode).toBe(2);
    expect(constraint.stderr).toContain('fast < slow');
    const unknown = await fleet(['backtest', spec, '--symbol', 'SBX-TREND', '--params', 'fats=4']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("did you mean 'fast'");
  });

  it('reads CSV data and reports a bad row by its line (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-csv-'));
    const csv = join(dir, 'bars.csv');
    const sandbox = await fleet(['data', 'sandbox', '--symbol', 'SBX-WALK', '--bars', '500', '--out', csv]);
    expect(sandbox.exitCode).toBe(0);
    const ok = await fleet(['backtest', spec, '--symbol', 'X', '--source', `csv:${csv}`, '--json']);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout).bars).toBe(500);

    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[10] = lines[10].replace(/,[^,]+,[^,]+$/, ',oops,1');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const r = await fleet(['backtest', spec, '--symbol', 'X', '--source', `csv:${bad}`]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('bad.csv:11');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('fleet backtest --optimised', () => {
  it('runs the tuned values fleet optimise wrote for the symbol, and names the tuned ones for another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-bt-opt-'));
    const file = join(dir, 'ema-cross.json');
    writeFileSync(file, readFileSync(spec, 'utf8'));
    const tune = ['optimise', file, '--symbols', 'SBX-CYCLE', '--trials', '6', '--bars', '3000', '--min-trades', '2'];
    expect((await fleet([...tune, '--sampler', 'random', '--report-dir', join(dir, 'r')])).exitCode).toBe(0);
    const tuned = JSON.parse(readFileSync(file, 'utf8')).optimised['SBX-CYCLE'];

    const r = await fleet(['backtest', file, '--symbol', 'SBX-CYCLE', '--bars', '3000', '--optimised', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).params).toEqual(tuned.params);
    expect(r.stderr).toContain(`the optimised values for SBX-CYCLE from ${file} (6 trials, ${tuned.updated})`);
    // The defaults are something else, so the flag made the difference.
    const plain = await fleet(['backtest', file, '--symbol', 'SBX-CYCLE', '--bars', '3000', '--json']);
    expect(JSON.parse(plain.stdout).params).not.toEqual(tuned.params);

    const other = await fleet(['backtest', file, '--symbol', 'SBX-TREND', '--optimised']);
    expect(other.exitCode).toBe(2);
    expect(other.stderr.trim()).toBe(
      `error: ${file} has no optimised values for SBX-TREND (it has some for SBX-CYCLE)`,
    );
    expect(other.stdout).toBe('');
  });

  it('says how to tune when the spec has no tuned values, and refuses --params with --optimised (exit 2)', async () => {
    const none = await fleet(['backtest', spec, '--symbol', 'SBX-TREND', '--optimised']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr.trim()).toBe(
      `error: ${spec} has no optimised values for SBX-TREND (none yet: run fleet optimise ${spec} --symbols SBX-TREND)`,
    );
    const both = await fleet(['backtest', spec, '--symbol', 'SBX-TREND', '--optimised', '--params', 'fast=5']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr.trim()).toBe('error: give --params or --optimised, not both');
  });

  it('refuses tuned values the spec no longer accepts, naming where they are (exit 2)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fleet-bt-stale-')), 'ema-cross.json');
    const stale = { 'SBX-CYCLE': { params: { fast: 1000, slow: 30 }, trials: 50 } };
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(spec, 'utf8')), optimised: stale }));
    const r = await fleet(['backtest', file, '--symbol', 'SBX-CYCLE', '--optimised', '--json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `error: ${file}: optimised.SBX-CYCLE.params: parameter 'fast' must be in [5, 50], got 1000`,
    );
    expect(r.stdout).toBe('');
  });
});

describe('fleet screen', () => {
  it('ranks the sandbox universe and prints the ranking as JSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleet-screen-')), 'screen.json');
    const r = await fleet([
      'screen',
      spec,
      '--universe',
      'sandbox',
      '--bars',
      '3000',
      '--workers',
      '2',
      '--json',
      '--out',
      out,
    ]);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.rows).toHaveLength(8);
    expect(result.rows.map((row: { rank: number }) => row.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.top.length).toBeLessThanOrEqual(3);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(result);
    // Progress goes to stderr, never stdout.
    expect(r.stderr).toContain('screening');
  });

  it('refuses --symbols together with --universe (exit 2)', async () => {
    const r = await fleet(['screen', spec, '--universe', 'sandbox', '--symbols', 'SBX-TREND']);
    expect(r.exitCode).toBe(2);
  });

  it('lists a failing instrument without sinking the screen', async () => {
    const r = await fleet(['screen', spec, '--symbols', 'SBX-TREND,NOPE', '--bars', '2000', '--json']);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.rows.map((row: { symbol: string }) => row.symbol)).toEqual(['SBX-TREND']);
    expect(result.failures[0].symbol).toBe('NOPE');
    expect(r.stderr).toContain('NOPE');
  });
});
