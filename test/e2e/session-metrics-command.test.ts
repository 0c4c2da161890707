import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { venueCalendar } from '../../src/calendar/index.js';
import { fleet } from '../helpers/cli.js';

const spec = 'examples/specs/ema-cross.json';
const HOURS_A_YEAR = 365 * 24;

describe('fleet backtest --venue', () => {
  it('annualises NYSE session bars over its trading hours, whatever the source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-session-metrics-'));
    const file = join(dir, 'nyse.csv');
    const made = await fleet([
      'data',
      'sandbox',
      '--symbol',
      'SBX-TREND',
      '--bars',
      '3000',
      '--venue',
      'XNYS',
      '--out',
      file,
    ]);
    expect(made.exitCode).toBe(0);
    const run = async (extra: string[]) => {
      const r = await fleet(['backtest', spec, '--symbol', 'SBX-TREND', '--json', ...extra]);
      expect(r.exitCode).toBe(0);
      return JSON.parse(r.stdout).metrics;
    };
    const roundTheClock = await run(['--source', `csv:${file}`]);
    const csv = await run(['--source', `csv:${file}`, '--venue', 'XNYS']);
    const sandbox = await run(['--source', 'sandbox:XNYS', '--bars', '3000']);
    expect(csv.trades).toBeGreaterThan(3);
    const scale = Math.sqrt(venueCalendar('XNYS').barsPerYear(3_600_000) / HOURS_A_YEAR);
    expect(csv.sharpe).toBeCloseTo(roundTheClock.sharpe * scale, 9);
    expect(csv.sortino).toBeCloseTo(roundTheClock.sortino * scale, 9);
    // The same bars from the sandbox's equity mode: the same figures.
    expect(sandbox.sharpe).toBeCloseTo(csv.sharpe, 9);
    const clash = await fleet([
      'backtest',
      spec,
      '--symbol',
      'SBX-TREND',
      '--source',
      'sandbox:XNYS',
      '--venue',
      'XLON',
    ]);
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain("keeps XNYS's sessions, not --venue XLON");
  }, 120_000);
});
