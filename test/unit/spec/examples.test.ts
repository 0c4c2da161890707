import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.js';
import { loadSpec, readSpecFile, resolveParams, SpecError, validateSpec } from '../../../src/spec/index.js';
import { baseSpec } from './helpers.js';

const EXAMPLES = join(import.meta.dirname, '../../../examples/specs');
const NAMES = ['ema-cross', 'rsi-mean-reversion', 'bollinger-breakout', 'donchian-breakout', 'macd', 'stock-ema-cross'];

describe('example specs', () => {
  it.each(NAMES)('%s validates and resolves its defaults', async (name) => {
    const json = JSON.parse(await readFile(join(EXAMPLES, `${name}.json`), 'utf8'));
    const result = validateSpec(json);
    expect(result.ok ? [] : result.issues).toEqual([]);
    const checked = await readSpecFile(join(EXAMPLES, `${name}.json`));
    expect(checked.spec.name).toBe(name);
    expect(json.$schema).toBe('../../docs/strategy-spec.schema.json');
    expect(json.logic.length).toBeGreaterThan(100);
    expect(() => resolveParams(checked)).not.toThrow();
  });

  it('donchian-breakout exercises the short side', async () => {
    const checked = await readSpecFile(join(EXAMPLES, 'donchian-breakout.json'));
    expect(checked.transitions.some((t) => t.to === 'short')).toBe(true);
    expect(checked.transitions.some((t) => t.from === 'short' && t.action === 'exit')).toBe(true);
  });

  it('ema-cross enforces fast < slow', async () => {
    const checked = await readSpecFile(join(EXAMPLES, 'ema-cross.json'));
    expect(() => resolveParams(checked, { fast: 40, slow: 30 })).toThrow(
      "constraint 'fast < slow' is violated (fast=40, slow=30)",
    );
  });
});

describe('loadSpec and readSpecFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-spec-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file, the first problem and how many more', () => {
    const spec = baseSpec();
    spec.timeframe = '1H';
    spec.signals.go_long = 'emaa(close, 3) > 1';
    try {
      loadSpec(spec, 'my.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      expect(error).toBeInstanceOf(InputError);
      const e = error as SpecError;
      expect(e.message).toBe(
        'my.json: timeframe: expected one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w, got "1H"; did you mean \'1h\'? (and 1 more problem)',
      );
      expect(e.issues).toHaveLength(2);
      expect(e.exitCode).toBe(1);
    }
  });

  it('defaults the file name to "spec"', () => {
    const spec = baseSpec();
    spec.version = 0;
    expect(() => loadSpec(spec)).toThrow(/^spec: version: must be > 0, got 0$/);
  });

  it('reports a missing file', async () => {
    const path = join(dir, 'missing.json');
    await expect(readSpecFile(path)).rejects.toThrow(new InputError(`${path}: no such file`));
  });

  it('places a JSON syntax error at its line and column', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{\n  "name": "x",\n  "version" 1\n}\n');
    await expect(readSpecFile(path)).rejects.toThrow(`${path}: invalid JSON at line 3, column 13:`);
  });

  it('reads a valid file', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, `\ufeff${JSON.stringify(baseSpec())}`);
    expect((await readSpecFile(path)).spec.name).toBe('test-spec');
  });
});
