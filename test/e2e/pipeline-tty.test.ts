import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

// A real terminal for the CLI: tmux runs it, send-keys types, capture-pane reads the screen.
const bin = new URL('../../bin/fleet.js', import.meta.url).pathname;
const session = `fleet-pipeline-tty-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(text: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (shown.includes(text)) return shown;
    if (Date.now() > deadline) throw new Error(`the terminal never showed '${text}':\n${shown}`);
    await sleep(100);
  }
}

afterAll(() => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // already gone
  }
});

describe('fleet pipeline on a terminal', () => {
  it('asks at a gate, and a yes goes on to the end of the run', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fleet-pipeline-tty-')), 'proj');
    expect((await fleet(['new', dir])).exitCode).toBe(0);
    expect((await fleet(['migrate'], { cwd: dir })).exitCode).toBe(0);
    const args = '"ema cross" --timeframe 5m --bars 1000 --top 1 --min-trades 1 --trials 3 --gate register';
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '160',
      '-y',
      '50',
      '-c',
      dir,
      `env -u CI node ${bin} pipeline ${args}; sleep 30`,
    );
    await waitFor('go on to register?');
    tmux('send-keys', '-t', session, 'Left', 'Enter');
    const shown = await waitFor('done (“ema cross”)');
    expect(shown).toContain('ema-cross-5m-sbx-');
    const runs = JSON.parse((await fleet(['pipeline', 'ls', '--json'], { cwd: dir })).stdout);
    expect(runs[0]).toMatchObject({ state: 'done', approved: ['register'] });
  }, 120_000);
});
