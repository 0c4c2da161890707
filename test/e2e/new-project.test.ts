import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fleet } from '../helpers/cli.js';

const temp = () => mkdtempSync(join(tmpdir(), 'fleet-new-'));

let project: string;
beforeAll(async () => {
  const cwd = temp();
  const r = await fleet(['new', '--yes', '--json'], { cwd });
  expect(r.exitCode, r.stderr).toBe(0);
  project = join(cwd, 'my-fleet');
});

describe('fleet new --yes', () => {
  it('takes every default without asking: my-fleet, sandbox, embedded database, ema-cross', () => {
    for (const file of [
      'fleet.config.json',
      'strategies/ema-cross.json',
      '.env.example',
      'README.md',
      'compose.yaml',
      'Dockerfile',
      '.dockerignore',
      '.github/workflows/fleet.yml',
      'ci/check-regression.mjs',
      'ci/thresholds.json',
    ]) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    expect(existsSync(join(project, '.env'))).toBe(false);
    const config = JSON.parse(readFileSync(join(project, 'fleet.config.json'), 'utf8'));
    expect(config.name).toBe('my-fleet');
    expect(config.bots).toEqual([expect.objectContaining({ name: 'ema-cross-sandbox', exchange: 'sandbox' })]);
  });

  it('writes compose.yaml and the Dockerfile through fleet deploy compose: Postgres, migrate, then the fleet', async () => {
    const compose = parse(readFileSync(join(project, 'compose.yaml'), 'utf8'));
    // Validated against the published Compose schema in test/unit/fleet/deploy.test.ts.
    for (const service of Object.values(compose.services) as { image?: string }[])
      expect(service.image).toMatch(/^[a-z0-9./-]+:[\w.-]+$/);
    expect(compose.volumes).toHaveProperty('pgdata');
    expect(Object.keys(compose.services)).toEqual([
      'postgres',
      'migrate',
      'runners',
      'notifier',
      'dashboard',
      'optimise',
    ]);
    expect(compose.services.migrate.command).toEqual(['migrate']);
    expect(compose.services.migrate.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.runners.command.join(' ')).toContain('up --no-notify --bots-per-process ');
    expect(compose.services.runners.depends_on.migrate.condition).toBe('service_completed_successfully');
    expect(compose.services.runners.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toContain('ARG FLEET_PACKAGE=fleet@');
    // One generator: fleet deploy compose finds every file already as it would write it.
    const deploy = await fleet(['deploy', 'compose', '--json'], { cwd: project });
    expect(deploy.exitCode, deploy.stderr).toBe(0);
    expect(JSON.parse(deploy.stdout)).toMatchObject({
      written: [],
      unchanged: ['Dockerfile', '.dockerignore', 'compose.yaml'],
    });
  });

  it('writes a CI workflow whose fleet commands and flags exist in the CLI', async () => {
    const workflow = parse(readFileSync(join(project, '.github/workflows/fleet.yml'), 'utf8'));
    const runs: string[] = workflow.jobs.research.steps.flatMap((s: { run?: string }) => (s.run ? [s.run] : []));
    const commands = runs.filter((r) => r.startsWith('npx fleet '));
    expect(commands.map((c) => c.split(' ')[2])).toEqual(['spec', 'screen', 'optimise']);
    expect(commands.filter((c) => c.includes(' --json > '))).toHaveLength(2);
    for (const command of commands) {
      const words = command.split(' > ')[0].split(' ').slice(2);
      const path = words.filter((w, i) => !w.startsWith('-') && !w.includes('.') && !words[i - 1]?.startsWith('--'));
      const help = await fleet([...path, '--help']);
      expect(help.exitCode, command).toBe(0);
      for (const flag of words.filter((w) => w.startsWith('--')))
        expect(help.stdout, `${command}: ${flag}`).toContain(flag);
    }
    expect(runs).toContain('node ci/check-regression.mjs screen.json optimise.json ci/thresholds.json');
  });

  it('the regression check passes real screen and optimise results above the floors and fails below', async () => {
    const spec = join(project, 'strategies', 'ema-cross.json');
    // In the project, as CI runs them (their reports go to the project's .fleet/).
    const screen = await fleet(['screen', spec, '--universe', 'sandbox', '--bars', '2000', '--json'], { cwd: project });
    expect(screen.exitCode, screen.stderr).toBe(0);
    writeFileSync(join(project, 'screen.json'), screen.stdout);
    const optimise = await fleet(
      [
        'optimise',
        spec,
        '--from-screen',
        join(project, 'screen.json'),
        '--top',
        '1',
        '--bars',
        '2000',
        '--trials',
        '4',
        '--json',
      ],
      { cwd: project },
    );
    expect(optimise.exitCode, optimise.stderr).toBe(0);
    writeFileSync(join(project, 'optimise.json'), optimise.stdout);
    const check = (limits: object) => {
      writeFileSync(join(project, 'limits.json'), JSON.stringify(limits));
      return execa('node', ['ci/check-regression.mjs', 'screen.json', 'optimise.json', 'limits.json'], {
        cwd: project,
        reject: false,
      });
    };
    const ok = await check({ minPassedInstruments: 0, minTopScore: -1e9, minOutOfSample: -1e9 });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ instruments passed the screen, 1 tuned, 0 regressions/);
    const strict = await check({ minPassedInstruments: 99, minTopScore: 1e9, minOutOfSample: 1e9 });
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toContain('regression: ');
    expect(strict.stdout).toMatch(/^FAILED: .* 3 regressions/);
  });
});

describe('fleet new flags', () => {
  it('--exchange and a --database URL: the first bot on that exchange, DATABASE_URL in .env', async () => {
    const dir = join(temp(), 'live-ish');
    const url = 'postgres://fleet:secret@db.example:5432/fleet';
    const r = await fleet(['new', dir, '--exchange', 'binance', '--database', url, '--strategy', 'macd', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ exchange: 'binance', database: 'url', strategy: 'macd' });
    expect(r.stdout).not.toContain('secret');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(`DATABASE_URL=${url}\n`);
    const config = JSON.parse(readFileSync(join(dir, 'fleet.config.json'), 'utf8'));
    expect(config.bots).toEqual([
      expect.objectContaining({ name: 'macd-binance', exchange: 'binance', symbol: 'BTC/USDT' }),
    ]);
  });

  it('refuses a bad database, a bad exchange, and a missing folder without a terminal, writing nothing', async () => {
    const cwd = temp();
    const cases: [string[], string][] = [
      [['new', 'a', '--database', 'mysql://x'], 'the database must be embedded or a postgres://'],
      [['new', 'b', '--database', 'postgres://x\ny'], 'the database must be embedded or a postgres://'],
      [['new', 'c', '--exchange', 'Bin Ance'], "exchange 'Bin Ance' is not valid"],
      [['new'], '<dir> is required when not running in an interactive terminal'],
    ];
    for (const [args, message] of cases) {
      const r = await fleet(args, { cwd });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });
});
