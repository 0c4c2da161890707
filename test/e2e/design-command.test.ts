import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

// No key from the engineer's environment may pick a model provider here.
const NO_KEYS = { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', FLEET_LLM_BASE_URL: '', FLEET_DESIGNER_PROVIDER: '' };

describe('fleet design (offline)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-design-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a valid spec from an idea, with provenance, and names the next command', async () => {
    const r = await fleet(['design', 'buy when rsi drops below 25, sell above 60', '--timeframe', '5m'], {
      cwd: dir,
      env: NO_KEYS,
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('wrote rsi-threshold.json (rsi-threshold, by offline idiom rsi-threshold)');
    expect(r.stdout).toMatch(/next: (npx )?fleet screen rsi-threshold\.json --universe sandbox/);
    const spec = JSON.parse(await readFile(join(dir, 'rsi-threshold.json'), 'utf8'));
    expect(spec.timeframe).toBe('5m');
    expect(spec.parameters.lower.default).toBe(25);
    expect(spec.provenance).toMatchObject({ provider: 'offline', model: 'rsi-threshold', repair_rounds: 0 });
    const valid = await fleet(['spec', 'validate', join(dir, 'rsi-threshold.json')], { cwd: dir });
    expect(valid.exitCode).toBe(0);
  });

  it('refuses to overwrite a file without --force, and leaves it untouched', async () => {
    const out = join(dir, 'mine.json');
    await writeFile(out, 'keep me');
    const r = await fleet(['design', 'golden cross', '--out', out], { cwd: dir, env: NO_KEYS });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('already exists; pass --force');
    expect(await readFile(out, 'utf8')).toBe('keep me');
    const forced = await fleet(['design', 'golden cross', '--out', out, '--force', '--json'], {
      cwd: dir,
      env: NO_KEYS,
    });
    expect(forced.exitCode).toBe(0);
    const json = JSON.parse(forced.stdout);
    expect(json.file).toBe(out);
    expect(json.smoke.trades).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(out, 'utf8')).name).toBe('golden-cross');
  });

  it('exits 1 on an idea it does not know, listing the idioms and writing nothing', async () => {
    const r = await fleet(['design', 'make me rich quickly'], { cwd: dir, env: NO_KEYS });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('ideas the offline designer knows');
    expect(r.stderr).toContain('"buy the golden cross, sell the death cross"');
    expect(r.stderr).toContain('error: the offline designer does not recognise "make me rich quickly"');
    await expect(readFile(join(dir, 'strategy.json'), 'utf8')).rejects.toThrow();
  });

  it('exits 2 on a provider without its key', async () => {
    const r = await fleet(['design', 'rsi below 25', '--provider', 'anthropic', '--out', join(dir, 'x.json')], {
      cwd: dir,
      env: NO_KEYS,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('the anthropic provider needs ANTHROPIC_API_KEY');
  });
});
