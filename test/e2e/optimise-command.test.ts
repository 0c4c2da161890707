import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-opt-'));
  const spec = join(dir, 'ema-cross.json');
  copyFileSync('examples/specs/ema-cross.json', spec);
  return { dir, spec, original: readFileSync(spec, 'utf8') };
}

describe('fleet optimise', () => {
  it('tunes the top of a screen file, writes the optimised block and an evidence report', async () => {
    const { dir, spec, original } = workspace();
    const screenFile = join(dir, 'screen.json');
    const screen = await fleet([
      'screen',
      spec,
      '--universe',
      'sandbox',
      '--bars',
      '3000',
      '--out',
      screenFile,
      '--top',
      '2',
    ]);
    expect(screen.exitCode).toBe(0);
    const top = JSON.parse(readFileSync(screenFile, 'utf8')).top;
    const r = await fleet([
      'optimise',
      spec,
      '--from-screen',
      screenFile,
      '--top',
      '2',
      '--trials',
      '15',
      '--bars',
      '3000',
      '--report-dir',
      join(dir, 'reports'),
      '--json',
    ]);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.chosenBy).toBe('screen-file');
    expect(result.instruments.map((i: { symbol: string }) => i.symbol)).toEqual(top);
    const tuned = JSON.parse(readFileSync(spec, 'utf8'));
    expect(Object.keys(tuned.optimised)).toEqual(top);
    expect(tuned.optimised[top[0]]).toMatchObject({ metric: 'sharpe', sampler: 'tpe', trials: 15, seed: 0 });
    expect(tuned.optimised[top[0]].in_sample.value).toBeTypeOf('number');
    expect(tuned.optimised[top[0]].out_of_sample.value).toBeTypeOf('number');
    // Nothing but the optimised block changed.
    const { optimised: _, ...rest } = tuned;
    expect(rest).toEqual(JSON.parse(original));
    const page = readFileSync(result.reports[top[0]], 'utf8');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script[^>]+src=/);
  });

  it('leaves the spec untouched with --no-write', async () => {
    const { spec, original, dir } = workspace();
    const r = await fleet([
      'optimise',
      spec,
      '--symbols',
      'SBX-CYCLE',
      '--trials',
      '5',
      '--bars',
      '3000',
      '--no-write',
      '--report-dir',
      join(dir, 'r'),
    ]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(spec, 'utf8')).toBe(original);
  });

  it.each([
    [['--metric', 'sharp'], "'sharp' is invalid"],
    [['--sampler', 'bayes'], "'bayes' is invalid"],
    [['--split', '1.5'], '--split must be between 0 and 1'],
    [['--bars', '500'], 'too little data for --split 0.7'],
    [['--trials', '0'], '--trials must be a whole number >= 1'],
    [['--params', 'fast=10,slow=30,stop_loss=0.05,take_profit=0.1'], 'no parameter left to optimise'],
  ])('refuses %j with exit 2 and leaves the spec untouched', async (flags, message) => {
    const { spec, original } = workspace();
    const r = await fleet(['optimise', spec, '--symbols', 'SBX-CYCLE', '--trials', '5', '--bars', '3000', ...flags]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
    expect(readFileSync(spec, 'utf8')).toBe(original);
  });

  it('accepts --sampler tpe-independent (the independent TPE) and reports it', async () => {
    const { spec } = workspace();
    const args = ['optimise', spec, '--symbols', 'SBX-CYCLE', '--trials', '14', '--bars', '3000', '--min-trades', '3'];
    const r = await fleet([...args, '--sampler', 'tpe-independent', '--no-write', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.sampler).toBe('tpe-independent');
    expect(result.instruments[0].trials).toBe(14);
    // Past the start-up trials it proposes other points than the multivariate default.
    const multivariate = JSON.parse((await fleet([...args, '--no-write', '--json'])).stdout);
    expect(multivariate.sampler).toBe('tpe');
    expect(multivariate.instruments[0].history).not.toEqual(result.instruments[0].history);
  });

  it('refuses a grid too large to search (exit 2)', async () => {
    const { spec, original } = workspace();
    const r = await fleet(['optimise', spec, '--symbols', 'SBX-CYCLE', '--sampler', 'grid', '--bars', '3000']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('grid');
    expect(readFileSync(spec, 'utf8')).toBe(original);
  });

  it('refuses a screen file made for another spec (exit 2)', async () => {
    const { dir, spec, original } = workspace();
    const other = join(dir, 'screen.json');
    writeFileSync(other, JSON.stringify({ spec: 'macd', timeframe: '1h', top: ['SBX-TREND'], rows: [] }));
    const r = await fleet(['optimise', spec, '--from-screen', other, '--trials', '5']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('ranks macd (1h), not ema-cross (1h)');
    expect(readFileSync(spec, 'utf8')).toBe(original);
  });
});
