import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getBot, openStore } from '../../src/store/index.js';
import { fleet } from '../helpers/cli.js';
import { fleetProject, sandboxBot } from '../helpers/fleet-project.js';

describe('fleet replay', () => {
  it('replays the runner over history and reports the backtest’s exact trades; bad flags exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-replay-'));
    const spec = new URL('../../examples/specs/donchian-breakout.json', import.meta.url).pathname;
    // The project's embedded database is created and migrated on first use.
    const first = await fleet(['replay', spec, '--symbol', 'SBX-CYCLE', '--bars', '600'], { cwd: dir });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^migrated the embedded database \(/m);

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

  it('refuses to replace a bot of the replay’s name that is not a replay’s, and deletes nothing', async () => {
    const name = 'replay-donchian-breakout-sbx-cycle';
    const dir = fleetProject({ bots: [sandboxBot(name)] });
    expect((await fleet(['migrate'], { cwd: dir })).exitCode).toBe(0);
    expect((await fleet(['register'], { cwd: dir })).exitCode).toBe(0);
    const spec = new URL('../../examples/specs/donchian-breakout.json', import.meta.url).pathname;
    const r = await fleet(['replay', spec, '--symbol', 'SBX-CYCLE', '--bars', '600'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`bot '${name}' exists and is not a replay's`);
    const store = await openStore({ dir: join(dir, '.fleet') });
    try {
      expect(await getBot(store, name)).toMatchObject({ name, symbol: 'SBX-TREND', exchange: 'sandbox' });
    } finally {
      await store.close();
    }
  }, 120_000);
});
