import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A real terminal for the CLI: tmux runs it, send-keys types, capture-pane reads the screen.
const bin = new URL('../../bin/fleet.js', import.meta.url).pathname;
const session = `fleet-tty-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(text: string, timeoutMs = 15_000): Promise<string> {
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

describe('prompts on a terminal', () => {
  it('fleet new asks for what the flags left out, and writes the chosen project', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-tty-'));
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', dir, `env -u CI node ${bin} new; sleep 30`);
    await waitFor('Where should the project go?');
    tmux('send-keys', '-t', session, 'from-tty', 'Enter');
    // The name is filled in with the folder's; Enter keeps it.
    await waitFor('Project name?');
    tmux('send-keys', '-t', session, 'Enter');
    const exchanges = await waitFor('Which exchange will the first bot trade on?');
    expect(exchanges).toContain('binance');
    tmux('send-keys', '-t', session, 'Down', 'Enter');
    await waitFor('Which database?');
    tmux('send-keys', '-t', session, 'Down', 'Enter');
    await waitFor('Postgres URL?');
    tmux('send-keys', '-t', session, '-l', 'mysql://nope');
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor('the database must be embedded or a postgres://');
    tmux('send-keys', '-t', session, 'C-u');
    tmux('send-keys', '-t', session, '-l', 'postgres://fleet@127.0.0.1:5432/fleet');
    tmux('send-keys', '-t', session, 'Enter');
    const menu = await waitFor('Which example strategy to start from?');
    expect(menu).toContain('rsi-mean-reversion');
    tmux('send-keys', '-t', session, 'Down', 'Enter');
    const deadline = Date.now() + 15_000;
    while (!existsSync(join(dir, 'from-tty', 'fleet.config.json')) && Date.now() < deadline) await sleep(100);
    // ema-cross is the default; one step down is macd. sandbox is the first exchange; one down is binance.
    expect(existsSync(join(dir, 'from-tty', 'strategies', 'macd.json'))).toBe(true);
    const config = JSON.parse(readFileSync(join(dir, 'from-tty', 'fleet.config.json'), 'utf8'));
    expect(config.name).toBe('from-tty');
    expect(config.bots[0]).toMatchObject({ name: 'macd-binance', exchange: 'binance' });
    expect(readFileSync(join(dir, 'from-tty', '.env'), 'utf8')).toBe(
      'DATABASE_URL=postgres://fleet@127.0.0.1:5432/fleet\n',
    );
  });
});
