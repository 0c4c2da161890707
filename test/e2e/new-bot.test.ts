import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

const examples = new URL('../../examples/specs/', import.meta.url).pathname;
// A config as a person might keep it: four-space indent, its own key order, a bot already there.
const CONFIG = `{
    "name": "desk",
    "bots": [
        { "name": "first", "spec": "strategies/macd.json", "symbol": "SBX-TREND" }
    ],
    "research": { "top": 5 }
}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-bot-'));
  mkdirSync(join(dir, 'strategies'));
  copyFileSync(join(examples, 'macd.json'), join(dir, 'strategies', 'macd.json'));
  writeFileSync(join(dir, 'fleet.config.json'), CONFIG);
});

const config = () => readFileSync(join(dir, 'fleet.config.json'), 'utf8');

describe('fleet new bot', () => {
  it('adds a validated bot, keeping the rest of the file as it was', async () => {
    const r = await fleet(
      ['new', 'bot', 'macd-bear', '--spec', 'strategies/macd.json', '--symbol', 'SBX-BEAR', '--json'],
      { cwd: dir },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).bot).toEqual({
      name: 'macd-bear',
      spec: 'strategies/macd.json',
      symbol: 'SBX-BEAR',
      exchange: 'sandbox',
    });
    const text = config();
    // Outside the bots array the text is unchanged (jsonc-parser re-indents the array it inserts into).
    expect(text.startsWith('{\n    "name": "desk",\n    "bots": [\n        {\n            "name": "first",')).toBe(
      true,
    );
    expect(text.endsWith('    ],\n    "research": { "top": 5 }\n}\n')).toBe(true);
    expect(JSON.parse(text).bots.map((b: { name: string }) => b.name)).toEqual(['first', 'macd-bear']);
    const listed = await fleet(['register', '--help'], { cwd: dir });
    expect(listed.exitCode).toBe(0);
  });

  it('adds to a config without a bots array, on another exchange', async () => {
    writeFileSync(join(dir, 'fleet.config.json'), '{ "name": "desk" }\n');
    const r = await fleet(
      [
        'new',
        'bot',
        'b1',
        '--spec',
        join(dir, 'strategies', 'macd.json'),
        '--symbol',
        'BTC/USDT',
        '--exchange',
        'kraken',
      ],
      { cwd: dir },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(config()).bots).toEqual([
      { name: 'b1', spec: 'strategies/macd.json', symbol: 'BTC/USDT', exchange: 'kraken' },
    ]);
  });

  it('refuses each bad input with one line, exit 2 or 1, and the config untouched', async () => {
    writeFileSync(join(dir, 'strategies', 'broken.json'), JSON.stringify({ name: 'broken' }));
    const cases: [string[], number, string][] = [
      [['first', '--spec', 'strategies/macd.json', '--symbol', 'X'], 2, "a bot named 'first' already exists"],
      [['bad name', '--spec', 'strategies/macd.json', '--symbol', 'X'], 2, "bot name 'bad name' is not valid"],
      [['b2', '--spec', 'strategies/macd.json', '--symbol', ''], 2, '--symbol must not be empty'],
      [['b2', '--spec', 'strategies/macd.json', '--symbol', 'A B'], 2, "symbol 'A B' is not valid"],
      [['b2', '--spec', 'strategies/macd.json', '--symbol', 'X', '--exchange', 'Nope!'], 2, "exchange 'Nope!'"],
      [
        ['b2', '--spec', 'strategies/macd.json', '--symbol', 'SBX-TRNED'],
        2,
        "'SBX-TRNED' is not a sandbox instrument; did you mean 'SBX-TREND'?",
      ],
      [
        ['b2', '--spec', 'strategies/nothere.json', '--symbol', 'SBX-TREND'],
        1,
        'strategies/nothere.json: no such file',
      ],
      [['b2', '--spec', 'strategies/broken.json', '--symbol', 'SBX-TREND'], 1, 'broken.json'],
      [['b2', '--symbol', 'X'], 2, "required option '--spec <file>' not specified"],
    ];
    for (const [args, code, message] of cases) {
      const r = await fleet(['new', 'bot', ...args], { cwd: dir });
      expect(r.exitCode, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(config()).toBe(CONFIG);
    }
    const outside = await fleet(['new', 'bot', 'b3', '--spec', 'x.json', '--symbol', 'X'], {
      cwd: mkdtempSync(join(tmpdir(), 'fleet-none-')),
    });
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr).toContain('fleet.config.json: no such file (run fleet new to create a project)');
  });

  it("keeps 'fleet new ./bot' for a folder named bot", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fleet-botdir-'));
    const r = await fleet(['new', './bot', '--yes', '--json'], { cwd });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).name).toBe('bot');
  });
});
