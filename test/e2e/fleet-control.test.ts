import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease, openStore, releaseLease, type Store } from '../../src/store/index.js';
import { type FakeExchange, startFakeExchange } from '../../src/testing/fake-exchange.js';
import { fleet } from '../helpers/cli.js';
import { embeddedTemplate } from '../helpers/databases.js';

const BOT = 'ema-cross-sandbox';
let dir: string;
let exchange: FakeExchange;
const run = (args: string[], env: Record<string, string> = {}) => fleet(args, { cwd: dir, env });
const json = async (args: string[]) => {
  const r = await run([...args, '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(async () => {
  exchange = await startFakeExchange();
  dir = join(mkdtempSync(join(tmpdir(), 'fleet-e2e-control-')), 'desk');
  expect((await fleet(['new', dir])).exitCode).toBe(0);
  // A ready database for the project (creating one takes seconds; a copy well under one).
  mkdirSync(join(dir, '.fleet', 'db'), { recursive: true });
  cpSync(await embeddedTemplate(), join(dir, '.fleet', 'db', 'pgdata'), { recursive: true });
}, 120_000);
afterAll(async () => {
  await exchange?.close();
});

describe('fleet register, ls, pause, resume, kill, promote, pnl, logs (built CLI)', { timeout: 180_000 }, () => {
  it('has --help on every fleet command', async () => {
    const commands = [
      'register',
      'ls',
      'pause',
      'resume',
      'kill',
      'pnl',
      'logs',
      'trades',
      'orders',
      'promote',
      'demote',
    ];
    const top = await fleet(['--help']);
    for (const command of commands) expect(top.stdout).toContain(command);
    for (const command of commands) {
      const r = await fleet([command, '--help']);
      expect(r.exitCode, command).toBe(0);
      expect(r.stdout, command).toContain('Usage: fleet');
    }
    expect((await fleet(['promote', '--help'])).stdout).not.toContain('--api-url');
  });

  it('migrates the embedded database on first use, saying so once', async () => {
    const first = await run(['ls']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^migrated the embedded database \(\d+ migrations: 0001-initial, .*\)$/m);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    const again = await run(['ls']);
    expect(again.stderr).toBe('');
    expect((await run(['migrate'])).stdout).toContain('up to date');
  });
});

// Past the first use, the project's database stays open in this process (as a running fleet holds
// it), so each command below connects to it instead of starting the embedded database again: the
// commands are what these tests are about, and a cold start costs seconds each.
describe('fleet register, ls, pause, resume, kill, promote, pnl, logs on a held database', { timeout: 180_000 }, () => {
  let holder: Store | undefined;
  beforeAll(async () => {
    holder = await openStore({ dir: join(dir, '.fleet') });
  });
  afterAll(() => holder?.close());

  it('registers the sample bot of a new project and lists it', async () => {
    expect(await json(['register'])).toEqual({ created: [BOT], updated: [], unchanged: [], undeclared: [] });
    const { bots } = await json(['ls']);
    expect(bots).toEqual([
      expect.objectContaining({
        name: BOT,
        mode: 'paper',
        status: 'stopped',
        exchange: 'sandbox',
        symbol: 'SBX-TREND',
        position: 0,
        equity: 10_000,
        pnlToday: null,
        heartbeatAt: null,
        flags: { killSwitch: false, globalKillSwitch: false, paused: false, halted: false },
      }),
    ]);
    const table = await run(['ls']);
    expect(table.stdout).toContain(BOT);
    expect(table.stdout).toContain('FLAGS');
  });

  it('pauses, kills, and resumes; kill --all sets the global switch', async () => {
    expect(await json(['pause', BOT, '--reason', 'lunch'])).toMatchObject({ action: 'pause', bots: [BOT] });
    expect((await json(['ls'])).bots[0].flags.paused).toBe(true);
    expect((await run(['ls'])).stdout).toContain('paused');
    await json(['kill', BOT]);
    expect((await json(['ls'])).bots[0].flags).toMatchObject({ killSwitch: true, paused: true });
    expect(await json(['resume', BOT])).toMatchObject({ bots: [BOT], global: false });
    expect((await json(['ls'])).bots[0].flags).toMatchObject({ killSwitch: false, paused: false });
    expect(await json(['kill', '--all'])).toMatchObject({ global: true });
    expect((await json(['ls'])).bots[0].flags.globalKillSwitch).toBe(true);
    // Resuming one bot under the global switch does not claim it trades: exit 3, and how to lift it.
    const held = await run(['resume', BOT]);
    expect(held.exitCode).toBe(3);
    expect(held.stdout).not.toContain(`${BOT}: resumed`);
    expect(held.stderr).toContain('the global kill switch is on: no bot trades until fleet resume --all lifts it');
    expect((await json(['ls'])).bots[0].flags.globalKillSwitch).toBe(true);
    const resumed = await run(['resume', '--all']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain('global kill switch cleared');
    expect((await json(['ls'])).bots[0].flags.globalKillSwitch).toBe(false);
  });

  it('refuses a bot name that is not registered, or none at all, as usage errors', async () => {
    for (const args of [
      ['pause', 'ema-cross-sandbx'],
      ['logs', 'nope'],
      ['promote', 'nope', '--live', '--yes'],
    ]) {
      const r = await run(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect((await run(['pause', 'ema-cross-sandbx'])).stderr).toContain(`did you mean '${BOT}'`);
    expect((await run(['kill'])).exitCode).toBe(2);
    expect((await run(['pause', BOT, '--all'])).exitCode).toBe(2);
  });

  it('refuses promotion with exit 3 and each reason on its own line', async () => {
    const r = await run(['promote', BOT, '--live', '--yes']);
    expect(r.exitCode).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toContain(`promotion of ${BOT} to live refused`);
    expect(lines.slice(1).join('\n')).toMatch(/paper record is 0\.0 days/);
    expect(r.stderr).toContain('0 closed paper trades');
    expect(r.stderr).toContain('sandbox exchange');
    expect(r.stderr).toContain('no limit set for max_order_value, max_position_value');
    expect(lines.length).toBe(5);
    expect((await json(['ls'])).bots[0].mode).toBe('paper');
  });

  it('shows the gate refusing before it asks for --yes, and needs --live always', async () => {
    const noYes = await run(['promote', BOT, '--live']);
    expect(noYes.exitCode).toBe(3);
    expect(noYes.stderr).toContain(`promotion of ${BOT} to live refused`);
    expect(noYes.stderr).not.toContain('--yes');
    expect((await run(['promote', BOT, '--yes'])).exitCode).toBe(2);
  });

  it('promotes a bot on a real exchange that passes the gate, after reconciling the live account', async () => {
    const config = JSON.parse(readFileSync(join(dir, 'fleet.config.json'), 'utf8'));
    config.promotion = { min_paper_days: 0, min_paper_trades: 0 };
    config.risk = { max_order_value: 100, max_position_value: 500, daily_loss_limit: 0.02 };
    config.bots.push({ name: 'btc', spec: config.bots[0].spec, symbol: 'BTC/USDT', exchange: 'binance' });
    writeFileSync(join(dir, 'fleet.config.json'), JSON.stringify(config, null, 2));
    expect(await json(['register'])).toMatchObject({ created: ['btc'], updated: [BOT] });
    const keys = { BINANCE_API_KEY: 'key', BINANCE_SECRET: 'secret' };
    const args = ['promote', 'btc', '--live', '--yes', '--api-url', exchange.url];

    const keyless = await run(args);
    expect(keyless.exitCode).toBe(3);
    expect(keyless.stderr).toContain('set BINANCE_API_KEY and BINANCE_SECRET');

    exchange.setBalance('BTC', 0.25);
    // Keys may live in the project's .env (never in the config or the database).
    writeFileSync(join(dir, '.env'), 'BINANCE_API_KEY=key\nBINANCE_SECRET=secret\n');
    const crowded = await run(args);
    rmSync(join(dir, '.env'));
    expect(crowded.exitCode).toBe(3);
    expect(crowded.stderr).toMatch(/live account: broker holds 0\.25 BTC\/USDT/);

    exchange.setBalance('BTC', 0);
    exchange.setBalance('USDT', 500);
    const poor = await run(args, keys);
    expect(poor.exitCode).toBe(3);
    expect(poor.stderr).toContain("live account: the account holds 500 USDT, less than the bot's capital 10000");
    exchange.setBalance('USDT', 10_000);

    // A runner holding the bot's lease (this test stands in for its fleet run) blocks a mode change
    // both ways, with one line saying what to do.
    const modeOf = async (bot: string) => (await json(['ls'])).bots.find((b: { name: string }) => b.name === bot).mode;
    const store = await openStore({ dir: join(dir, '.fleet') });
    const runner = { owner: 'e2e-runner', pid: process.pid, host: hostname(), ttlMs: 120_000 };
    try {
      await acquireLease(store, 'btc', runner);
      const running = await run(args, keys);
      expect(running.exitCode).toBe(3);
      expect(running.stderr).toMatch(
        /its runner is running \(e2e-runner, .*\): stop it first \(fleet down, or Ctrl-C on its fleet run\), then promote it, then start it again/,
      );
      await releaseLease(store, 'btc', runner.owner);

      // Without a terminal, a passing verdict comes first, then --yes is asked for (exit 2).
      const unconfirmed = await run(
        args.filter((arg) => arg !== '--yes'),
        keys,
      );
      expect(unconfirmed.exitCode).toBe(2);
      expect(unconfirmed.stderr.trim().split('\n')).toEqual([
        'btc passes the promotion gate',
        'error: --yes is required to promote when not running in an interactive terminal',
      ]);
      expect(await modeOf('btc')).toBe('paper');

      const ok = await run([...args, '--reason', 'gate passed', '--json'], keys);
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ bot: 'btc', mode: 'live', reason: 'gate passed' });
      expect(await modeOf('btc')).toBe('live');
      const events = await json(['logs', 'btc']);
      expect(events.at(-1)).toMatchObject({ kind: 'promoted', level: 'alert', data: { reason: 'gate passed' } });

      await acquireLease(store, 'btc', runner);
      const demoteRunning = await run(['demote', 'btc']);
      expect(demoteRunning.exitCode).toBe(3);
      expect(demoteRunning.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /demotion of btc to paper refused: its runner is running .*then demote it, then start it again$/,
        ),
      ]);
      expect(await modeOf('btc')).toBe('live');
      await releaseLease(store, 'btc', runner.owner);
    } finally {
      await store.close();
    }

    expect(await json(['demote', 'btc'])).toMatchObject({ mode: 'paper', changed: true });
    expect(await json(['demote', 'btc'])).toMatchObject({ changed: false });
  });

  it('reports P&L as JSON', async () => {
    const pnl = await json(['pnl', '--since', '7d']);
    expect(pnl.bots.map((b: { bot: string }) => b.bot)).toEqual(['btc', BOT]);
    expect(pnl.totals).toMatchObject({ realised: 0, fees: 0, tradesClosed: 0 });
    expect(typeof pnl.since).toBe('string');
    expect((await run(['pnl', '--since', 'last tuesday'])).exitCode).toBe(2);
    expect((await run(['pnl'])).stdout).toContain('TOTAL');
  });

  it('shows the audit trail with fleet logs', async () => {
    const events = await json(['logs', BOT]);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual([
      'paused',
      'killed',
      'unkilled',
      'resumed',
      'resumed', // its own flags, under the global kill switch
      'resumed',
    ]);
    expect(events[0].message).toMatch(/paused by .+@.+: lunch/);
    expect(await json(['logs', BOT, '--limit', '1'])).toHaveLength(1);
    const text = await run(['logs', BOT, '--level', 'alert']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(text.stdout).toContain('killed');
    expect((await run(['logs', BOT, '--level', 'loud'])).exitCode).toBe(2);
  });
});
