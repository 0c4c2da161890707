import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetOnTerminal, type Terminal } from '../helpers/terminal.js';

let terminal: Terminal | undefined;
afterAll(() => terminal?.close());

describe('prompts on a terminal', () => {
  it('fleet new asks for what the flags left out, and writes the chosen project', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-tty-'));
    terminal = fleetOnTerminal('new', { cwd: dir, width: 120, height: 40 });
    const { waitFor } = terminal;
    await waitFor('Where should the project go?');
    terminal.type('from-tty', 'Enter');
    // The name is filled in with the folder's; Enter keeps it.
    await waitFor('Project name?');
    terminal.type('Enter');
    const exchanges = await waitFor('Which exchange will the first bot trade on?');
    expect(exchanges).toContain('binance');
    terminal.type('Down', 'Enter');
    await waitFor('Which database?');
    terminal.type('Down', 'Enter');
    await waitFor('Postgres URL?');
    terminal.type('-l', 'mysql://nope');
    terminal.type('Enter');
    await waitFor('the database must be embedded or a postgres://');
    terminal.type('C-u');
    terminal.type('-l', 'postgres://fleet@127.0.0.1:5432/fleet');
    terminal.type('Enter');
    const menu = await waitFor('Which example strategy to start from?');
    expect(menu).toContain('rsi-mean-reversion');
    terminal.type('Down', 'Enter');
    await waitFor('exit 0');
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
