import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';
import { fleetProject, readyProject, sandboxBot, writeConfig } from '../helpers/fleet-project.js';

/**
 * Bad project input through the built CLI: each is one line on stderr, exit 1, and nothing
 * registered. The database is the project's embedded one, copied from a migrated template.
 */
let dir: string;
const run = (args: string[]) => fleet(args, { cwd: dir });
const registered = async (): Promise<string[]> => {
  const r = await run(['ls', '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).bots as { name: string }[]).map((bot) => bot.name);
};
/** The command fails with exactly this one line (after "error: ") and registers nothing. */
async function refused(args: string[], line: string): Promise<void> {
  const r = await run(args);
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr.trim().split('\n'), r.stderr).toEqual([`error: ${join(dir, 'fleet.config.json')}: ${line}`]);
  expect(await registered()).toEqual([]);
}

beforeAll(async () => {
  dir = await readyProject({ bots: [] });
}, 120_000);

describe('bad fleet.config.json (built CLI)', { timeout: 120_000 }, () => {
  it('refuses an unknown exchange id at registration, naming the closest one', async () => {
    writeConfig(dir, { bots: [sandboxBot('b1', { exchange: 'binanse' })] });
    const where = "bots.0.exchange (bot 'b1')";
    await refused(['register'], `${where}: unknown exchange 'binanse'; did you mean 'binance'?`);
    writeConfig(dir, { bots: [sandboxBot('b1'), sandboxBot('b2', { exchange: 'nosuchexchange' })] });
    const line =
      /^bots\.1\.exchange \(bot 'b2'\): unknown exchange 'nosuchexchange'; expected 'sandbox', 'alpaca' \(US stocks\) or one of ccxt's \d+ exchange ids \(binance, .*\)$/;
    for (const command of [['register'], ['run', 'b1', '--paper', '--for', '1s'], ['up']]) {
      const r = await run(command);
      expect(r.exitCode, `${command[0]}: ${r.stderr}`).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, command[0]).toHaveLength(1);
      expect(lines[0].replace(`error: ${join(dir, 'fleet.config.json')}: `, '')).toMatch(line);
    }
    expect(await registered()).toEqual([]);
  });

  it('refuses an unknown venue, naming the closest one', async () => {
    writeConfig(dir, { bots: [sandboxBot('b1', { venue: 'XNYZ' })] });
    await refused(
      ['register'],
      "bots.0.venue: unknown venue 'XNYZ'; did you mean 'XNYS'? (valid: CRYPTO, XNYS, XNAS, XLON, XETR, XPAR, XTKS)",
    );
  });

  it('refuses __proto__, constructor and prototype as keys or bot names instead of dropping them', async () => {
    const reserved = (name: string) => `'${name}' is reserved (no name may be __proto__, constructor, prototype)`;
    const file = join(dir, 'fleet.config.json');
    const bot = JSON.stringify(sandboxBot('b1'));
    writeFileSync(file, `{"name":"p","__proto__":{"bars":5},"bots":[${bot}]}`);
    await refused(['register'], `__proto__: ${reserved('__proto__')}`);
    writeFileSync(file, `{"name":"p","bots":[${bot.replace('{', '{"params":{"__proto__":3},')}]}`);
    await refused(['register'], `bots.0.params.__proto__: ${reserved('__proto__')}`);
    writeFileSync(file, `{"name":"p","bots":[${bot.replace('{', '{"risk":{"constructor":1},')}]}`);
    await refused(['register'], `bots.0.risk.constructor: ${reserved('constructor')}`);
    writeConfig(dir, { bots: [sandboxBot('prototype')] });
    await refused(['register'], `bots.0.name: ${reserved('prototype')}`);
  });

  it('refuses a spec with a reserved name, naming the bot, the spec file and its JSON path', async () => {
    const specFile = join(dir, 'strategies', 'ema-cross.json');
    const original = readFileSync(specFile, 'utf8');
    const spec = JSON.parse(original);
    writeFileSync(join(dir, 'strategies', 'proto.json'), original.replace('"fast":', '"__proto__":'));
    writeConfig(dir, { bots: [sandboxBot('b1', { spec: 'strategies/proto.json' })] });
    expect(Object.keys(spec.parameters)).toContain('fast');
    await refused(
      ['register'],
      `bots.0.spec (bot 'b1'): ${join(dir, 'strategies', 'proto.json')}: parameters.__proto__: '__proto__' is reserved (no name may be __proto__, constructor, prototype)`,
    );
  });

  it('refuses a spec nested 100,000 levels deep (it overflowed the stack storing it)', async () => {
    const spec = JSON.parse(readFileSync(join(dir, 'strategies', 'ema-cross.json'), 'utf8'));
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = JSON.stringify({ ...spec, optimised: { X: { data: 0 } } }).replace('"data":0', `"data":${deep}`);
    const file = join(dir, 'strategies', 'deep.json');
    writeFileSync(file, text);
    writeConfig(dir, { bots: [sandboxBot('b1', { spec: 'strategies/deep.json' })] });
    const path = `optimised.X.data${'[0]'.repeat(29)}`;
    await refused(['register'], `bots.0.spec (bot 'b1'): ${file}: ${path}: nests deeper than 32 levels`);
  });

  it('reads a config that starts with a UTF-8 byte order mark', async () => {
    writeConfig(dir, { bots: [sandboxBot('bom-bot')] });
    const file = join(dir, 'fleet.config.json');
    writeFileSync(file, `\uFEFF${readFileSync(file, 'utf8')}`);
    const r = await run(['register']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await registered()).toEqual(['bom-bot']);
  });
});

describe('a broken database folder (built CLI)', { timeout: 120_000 }, () => {
  it('says that .fleet/db/pgdata is a file, in one line, and leaves it alone', async () => {
    const project = fleetProject({ bots: [] });
    mkdirSync(join(project, '.fleet', 'db'), { recursive: true });
    const pgdata = join(project, '.fleet', 'db', 'pgdata');
    writeFileSync(pgdata, 'not a database\n');
    for (const command of [['ls'], ['migrate'], ['register']]) {
      const r = await fleet(command, { cwd: project });
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([`error: ${pgdata} is a file, expected the database folder`]);
    }
    expect(readFileSync(pgdata, 'utf8')).toBe('not a database\n');
    expect(readdirSync(join(project, '.fleet', 'db'))).toEqual(['pgdata']);
  });

  it('says the same of .fleet/db', async () => {
    const project = fleetProject({ bots: [] });
    mkdirSync(join(project, '.fleet'));
    const db = join(project, '.fleet', 'db');
    writeFileSync(db, '');
    const r = await fleet(['ls'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`error: ${db} is a file, expected the database folder`]);
    expect(readdirSync(join(project, '.fleet'))).toEqual(['db']);
  });
});
