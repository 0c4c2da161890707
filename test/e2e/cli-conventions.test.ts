import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

describe('fleet CLI conventions', () => {
  it('prints help listing every command, and exits 0', async () => {
    const r = await fleet(['--help']);
    expect(r.exitCode).toBe(0);
    for (const command of ['demo', 'new', 'spec', 'data', 'backtest', 'screen']) expect(r.stdout).toContain(command);
  });

  it('has --help on subcommands', async () => {
    const r = await fleet(['screen', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--min-trades');
  });

  it('prints the package version', async () => {
    const r = await fleet(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on an unknown command or a missing argument', async () => {
    const unknown = await fleet(['bogus']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'bogus'");
    const missing = await fleet(['backtest']);
    expect(missing.exitCode).toBe(2);
  });

  it('exits 2 with one line for a bad flag value, and no stack trace', async () => {
    const r = await fleet(['backtest', 'examples/specs/ema-cross.json', '--symbol', 'SBX-TREND', '--bars', 'many']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("--bars must be a whole number >= 2, got 'many'");
    expect(r.stderr).not.toContain('    at ');
  });

  it('adds the stack with --debug', async () => {
    const r = await fleet([
      'backtest',
      'examples/specs/ema-cross.json',
      '--symbol',
      'SBX-TREND',
      '--bars',
      'many',
      '--debug',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('    at ');
  });

  it('writes no ANSI colour under NO_COLOR', async () => {
    const r = await fleet(['backtest', 'examples/specs/ema-cross.json', '--symbol', 'SBX-TREND', '--bars', '3000']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(stripVTControlCharacters(r.stdout));
  });

  it('never waits for a prompt without a TTY: a missing answer is a usage error', async () => {
    const r = await fleet(['new']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('<dir> is required when not running in an interactive terminal');
  });
});

describe('bad flag values are usage errors (exit 2), one line each', () => {
  it.each([
    [['data', 'sandbox', '--symbol', 'SBX-WALK', '--timeframe', '7m'], "unknown timeframe '7m'"],
    [['screen', 'examples/specs/ema-cross.json', '--top', '0'], '--top must be a whole number >= 1'],
    [['screen', 'examples/specs/ema-cross.json', '--workers', '-1'], '--workers must be a whole number >= 0'],
    [
      ['backtest', 'examples/specs/ema-cross.json', '--symbol', 'SBX-WALK', '--fee-bps', 'x'],
      '--fee-bps must be a number',
    ],
    [
      ['backtest', 'examples/specs/ema-cross.json', '--symbol', 'SBX-WALK', '--source', 'ftp:x'],
      "unknown data source 'ftp:x'",
    ],
    [['backtest', 'examples/specs/ema-cross.json', '--symbol', 'SBX-WALK', '--params', 'fast'], 'fast'],
    [['screen', 'examples/specs/ema-cross.json', '--universe', 'nasdaq'], 'nasdaq'],
  ])('fleet %j', async (args, message) => {
    const r = await fleet(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
