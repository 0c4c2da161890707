import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

describe('fleet replay', () => {
  it('replays the runner over history and reports the backtest’s exact trades; bad flags exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-replay-'));
    const spec = new URL('../../examples/specs/donchian-breakout.json', import.meta.url).pathname;
    const stale = await fleet(['replay', spec, '--symbol', 'SBX-CYCLE', '--bars', '600'], { cwd: dir });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('run fleet migrate');

    expect((await fleet(['migrate'], { cwd: dir })).exitCode).toBe(0);
    const r = await fleet(['replay', spec, '--symbol', 'SBX-CYCLE', '--bars', '1200', '--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.identical).toBe(true);
    expect(result.replay.trades.length).toBe(result.backtest.trades);
    expect(result.replay.trades.length).toBeGreaterThan(5);
    expect(result.replay.equity).toBeCloseTo(result.backtest.equity, 6);

    const bad = await fleet(['replay', spec, '--symbol', 'SBX-CYCLE', '--bars', '300', '--warmup', '400'], {
      cwd: dir,
    });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--warmup 400 leaves nothing to replay');
  }, 120_000);
});
