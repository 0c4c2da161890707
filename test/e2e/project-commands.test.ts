import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

const temp = () => mkdtempSync(join(tmpdir(), 'fleet-e2e-'));

describe('fleet new', () => {
  it('writes a project whose config and strategy validate', async () => {
    const dir = join(temp(), 'my-fleet');
    const r = await fleet(['new', dir, '--strategy', 'rsi-mean-reversion', '--json']);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.name).toBe('my-fleet');
    for (const file of [
      'fleet.config.json',
      'fleet.config.schema.json',
      'strategy-spec.schema.json',
      '.env.example',
      '.gitignore',
      'README.md',
    ]) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
    const config = JSON.parse(readFileSync(join(dir, 'fleet.config.json'), 'utf8'));
    expect(config).toMatchObject({ name: 'my-fleet', $schema: './fleet.config.schema.json' });
    const check = await fleet(['spec', 'validate', join(dir, 'strategies', 'rsi-mean-reversion.json')]);
    expect(check.exitCode).toBe(0);
  });

  it('refuses a folder that is not empty unless --force', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const refused = await fleet(['new', dir]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('is not empty (use --force');
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    const forced = await fleet(['new', dir, '--force']);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'fleet.config.json'))).toBe(true);
  });

  it('refuses an unknown strategy template and leaves nothing behind', async () => {
    const parent = temp();
    const r = await fleet(['new', join(parent, 'p'), '--strategy', 'ema-cros']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("did you mean 'ema-cross'");
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('fleet spec', () => {
  it('prints the JSON Schema', async () => {
    const r = await fleet(['spec', 'schema']);
    expect(r.exitCode).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['parameters', 'signals', 'states', 'risk']));
  });

  it('validates every example spec', async () => {
    for (const file of readdirSync('examples/specs')) {
      const r = await fleet(['spec', 'validate', join('examples/specs', file)]);
      expect(r.exitCode, file).toBe(0);
    }
  });

  it('lists every problem of a bad spec and exits 1', async () => {
    const dir = temp();
    const spec = JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8'));
    spec.signals.go_long = 'crosses_above(emaa(close, fast), slow_ema)';
    spec.parameters.fast.max = 1;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(spec));
    const r = await fleet(['spec', 'validate', file, '--json']);
    expect(r.exitCode).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.valid).toBe(false);
    expect(result.issues.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(result.issues)).toContain("did you mean 'ema'");
    // The text lists each problem, then one summary line in plain English.
    const text = await fleet(['spec', 'validate', file]);
    expect(text.exitCode).toBe(1);
    const lines = text.stderr.trim().split('\n');
    expect(lines).toHaveLength(result.issues.length + 1);
    expect(lines.at(-1)).toBe(`error: ${result.issues.length} problems in ${file}: not a valid strategy spec`);
    expect(text.stderr).not.toContain('more problem');
  });

  it('reports a missing file and broken JSON in one line (exit 1)', async () => {
    const missing = await fleet(['spec', 'validate', 'nope.json']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('nope.json: no such file');
    const file = join(temp(), 'broken.json');
    writeFileSync(file, '{ "name": ');
    const broken = await fleet(['backtest', file, '--symbol', 'SBX-TREND']);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('fleet data', () => {
  it('lists the sandbox universe', async () => {
    const r = await fleet(['data', 'universe', '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(8);
  });

  it('imports a CSV into the project cache and backtests from it', async () => {
    const dir = temp();
    const csv = join(dir, 'walk.csv');
    expect((await fleet(['data', 'sandbox', '--symbol', 'SBX-WALK', '--bars', '800', '--out', csv])).exitCode).toBe(0);
    const imported = await fleet(['data', 'import', csv, '--symbol', 'MY/COIN', '--json'], { cwd: dir });
    expect(imported.exitCode).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ symbol: 'MY/COIN', bars: 800, timeframe: '1h' });
    const spec = join(process.cwd(), 'examples/specs/ema-cross.json');
    const r = await fleet(['backtest', spec, '--symbol', 'MY/COIN', '--source', 'cache', '--json'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).bars).toBe(800);
  });

  it('refuses a CSV with rows out of order, naming the line, and caches nothing', async () => {
    const dir = temp();
    const csv = join(dir, 'bad.csv');
    writeFileSync(
      csv,
      'time,open,high,low,close,volume\n2024-01-01T01:00:00Z,1,2,0.5,1.5,10\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n',
    );
    const r = await fleet(['data', 'import', csv, '--symbol', 'X'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('bad.csv:3');
    expect(existsSync(join(dir, '.fleet'))).toBe(false);
  });

  it('lists every bad row of a CSV: the first 20 on the terminal, all of them under --json', async () => {
    const dir = temp();
    const row = (hour: number, close: string) =>
      `2024-01-01T${String(hour).padStart(2, '0')}:00:00Z,1,2,0.5,${close},10`;
    const write = (name: string, bad: number) => {
      const rows = Array.from({ length: 24 }, (_, h) => row(h, h < bad ? 'x' : '1.5'));
      writeFileSync(join(dir, name), `time,open,high,low,close,volume\n${rows.join('\n')}\n`);
    };
    write('three.csv', 3);
    const three = await fleet(['data', 'import', 'three.csv', '--symbol', 'X'], { cwd: dir });
    expect(three.exitCode).toBe(1);
    expect(three.stderr.trim().split('\n')).toEqual([
      "three.csv:2: close is not a number: 'x'",
      "three.csv:3: close is not a number: 'x'",
      "three.csv:4: close is not a number: 'x'",
      'error: 3 problems in three.csv: nothing imported',
    ]);
    const json = await fleet(['data', 'import', 'three.csv', '--symbol', 'X', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      file: 'three.csv',
      imported: false,
      problemCount: 3,
      problems: [2, 3, 4].map((line) => ({ line, message: "close is not a number: 'x'" })),
    });

    write('many.csv', 23);
    const many = await fleet(['data', 'import', 'many.csv', '--symbol', 'X'], { cwd: dir });
    const lines = many.stderr.trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe("many.csv:21: close is not a number: 'x'");
    expect(lines[20]).toBe(
      'error: 23 problems in many.csv (the first 20 above; --json lists them all): nothing imported',
    );
    const all = JSON.parse(
      (await fleet(['data', 'import', 'many.csv', '--symbol', 'X', '--json'], { cwd: dir })).stdout,
    );
    expect(all.problems).toHaveLength(23);
    expect(existsSync(join(dir, '.fleet'))).toBe(false);
  });
});

describe('fleet demo', () => {
  it('refuses an idea the offline designer does not know, in one line, before any work', async () => {
    const dir = temp();
    const r = await fleet(['demo', '--idea', 'buy the dip', '--out', join(dir, 'out')], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: the offline designer does not recognise "buy the dip"; it knows: ');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('screens the sandbox universe, tunes the top three, writes reports, then paper trades them', async () => {
    const dir = temp();
    const r = await fleet(
      ['demo', '--bars', '4000', '--trials', '12', '--out', join(dir, 'out'), '--paper-seconds', '6', '--json'],
      { cwd: dir },
    );
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout);
    // It starts from a sentence: the spec is designed from the idea.
    expect(result.idea).toBe('fast ema crosses slow ema');
    expect(r.stderr).toContain('designing a strategy from the idea “fast ema crosses slow ema”');
    // The tuned instruments became paper bots on the sandbox, ran, and stopped cleanly...
    expect(result.paper.bots).toHaveLength(3);
    expect(result.paper.outcomes.map((o: { state: string }) => o.state)).toEqual(['stopped', 'stopped', 'stopped']);
    // Each paper fill was told as it happened (on stderr, beside the progress), and the summary counts them.
    expect(r.stderr).toContain('paper trading the tuned bots for 6 s; each fill as it happens:');
    const fillLines = r.stderr.split('\n').filter((line) => /^\[demo-[a-z0-9-]+\] fill \(/.test(line));
    expect(result.paper.summary.fills).toBe(fillLines.length);
    expect(result.paper.summary.bots.map((b: { bot: string }) => b.bot).sort()).toEqual([...result.paper.bots].sort());
    // ...and fleet ls / fleet pnl show them from the database afterwards, with bars traded.
    const ls = JSON.parse((await fleet(['ls', '--json'], { cwd: dir })).stdout);
    expect(ls.bots.map((b: { name: string }) => b.name).sort()).toEqual([...result.paper.bots].sort());
    expect(ls.bots.every((b: { heartbeatAt: string | null }) => b.heartbeatAt !== null)).toBe(true);
    const pnl = await fleet(['pnl', '--json'], { cwd: dir });
    expect(pnl.exitCode).toBe(0);
    expect(JSON.stringify(JSON.parse(pnl.stdout))).toContain(result.paper.bots[0]);
    expect(result.screen.rows).toHaveLength(8);
    expect(result.optimisation.map((o: { symbol: string }) => o.symbol)).toEqual(result.screen.top);
    expect(result.screen.top).toContain(result.best.symbol);
    const summary = readFileSync(result.reportFiles.markdown, 'utf8');
    expect(summary).toContain(`## Best out of sample: ${result.best.symbol}`);
    for (const o of result.optimisation) expect(readFileSync(o.report, 'utf8')).toContain('<svg');
    // The demo tunes its own copy of the example spec, never the packaged one.
    const tuned = JSON.parse(readFileSync(result.specFile, 'utf8'));
    expect(Object.keys(tuned.optimised).sort()).toEqual([...result.screen.top].sort());
    expect(JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8')).optimised).toBeUndefined();
  }, 180_000);
});
