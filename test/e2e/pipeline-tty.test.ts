import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';
import { fleetOnTerminal, type Terminal } from '../helpers/terminal.js';

let terminal: Terminal | undefined;
afterAll(() => terminal?.close());

describe('fleet pipeline on a terminal', () => {
  it('asks at a gate, and a yes goes on to the end of the run', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fleet-pipeline-tty-')), 'proj');
    expect((await fleet(['new', dir])).exitCode).toBe(0);
    expect((await fleet(['migrate'], { cwd: dir })).exitCode).toBe(0);
    const args = '"ema cross" --timeframe 5m --bars 1000 --top 1 --min-trades 1 --trials 3 --gate register';
    terminal = fleetOnTerminal(`pipeline ${args}`, { cwd: dir });
    const { waitFor } = terminal;
    await waitFor('go on to register?');
    terminal.type('Left', 'Enter');
    const shown = await waitFor('done (“ema cross”)');
    expect(shown).toContain('ema-cross-5m-sbx-');
    const runs = JSON.parse((await fleet(['pipeline', 'ls', '--json'], { cwd: dir })).stdout);
    expect(runs[0]).toMatchObject({ state: 'done', approved: ['register'] });
  }, 120_000);
});
