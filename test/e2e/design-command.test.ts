import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { designOffline } from '../../src/designer/index.js';
import { fleet } from '../helpers/cli.js';
import { type FakeLlm, startFakeLlm } from '../helpers/fake-llm.js';

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

  it('has --help, listed in fleet --help', async () => {
    const help = await fleet(['design', '--help']);
    expect(help.exitCode).toBe(0);
    for (const flag of ['--timeframe', '--provider', '--model', '--out', '--force', '--verbose'])
      expect(help.stdout).toContain(flag);
    expect((await fleet(['--help'])).stdout).toContain('design');
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

describe('fleet design with a model (fake server)', () => {
  let dir: string;
  let llm: FakeLlm;
  const good = { name: 'ema-model', version: 1, timeframe: '1h', ...designOffline('ema 12 26 cross').draft };
  const typo = { ...good, signals: { ...good.signals, cross_up: 'crosses_above(emaa(close, 5), slow_ma)' } };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-design-llm-'));
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await llm.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('designs through an OpenAI-compatible server by base URL, showing the repair with --verbose', async () => {
    llm.script({ kind: 'spec', spec: typo }, { kind: 'spec', spec: good });
    const env = { ...NO_KEYS, FLEET_LLM_BASE_URL: `${llm.url}/v1` };
    const r = await fleet(
      ['design', 'an ema trend follower', '--model', 'llama3.1', '--out', 'ema.json', '--verbose'],
      {
        cwd: dir,
        env,
      },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("answer: signals.cross_up: unknown function 'emaa' at col 15; did you mean 'ema'?");
    expect(r.stderr).toContain('repair 1: valid, trades on sandbox data');
    expect(r.stderr).toContain('asking openai-compatible llama3.1 (repair 1)…');
    expect(r.stdout).toContain('wrote ema.json (ema-model, by openai-compatible llama3.1, 1 repair round)');
    const spec = JSON.parse(await readFile(join(dir, 'ema.json'), 'utf8'));
    expect(spec.provenance).toMatchObject({ provider: 'openai-compatible', model: 'llama3.1', repair_rounds: 1 });
  });

  it("takes provider, model and server from fleet.config.json and writes strategies/<the spec's name>.json", async () => {
    llm.script({ kind: 'spec', spec: good });
    const project = join(dir, 'desk');
    await mkdir(join(project, 'strategies'), { recursive: true });
    const designer = { provider: 'openai-compatible', model: 'qwen-test', baseUrl: `${llm.url}/v1` };
    await writeFile(join(project, 'fleet.config.json'), JSON.stringify({ name: 'desk', designer }));
    const r = await fleet(['design', 'an ema trend follower'], { cwd: project, env: NO_KEYS });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/next: (npx )?fleet screen strategies\/ema-model\.json --universe sandbox/);
    const spec = JSON.parse(await readFile(join(project, 'strategies', 'ema-model.json'), 'utf8'));
    expect(spec.provenance).toMatchObject({ provider: 'openai-compatible', model: 'qwen-test' });
  });

  it('exits 1 with one line when the key is refused, writing nothing', async () => {
    llm.script({ kind: 'status', status: 401 });
    const env = { ...NO_KEYS, ANTHROPIC_API_KEY: 'sk-wrong', ANTHROPIC_BASE_URL: llm.url };
    const r = await fleet(['design', 'an ema trend follower', '--out', 'refused.json'], { cwd: dir, env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('error: anthropic refused the API key (401); check the key in the environment');
    await expect(readFile(join(dir, 'refused.json'), 'utf8')).rejects.toThrow();
  });
});
