import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, startFakeAlpaca } from '../../src/testing/fake-alpaca.js';
import { fleet } from '../helpers/cli.js';
import { readyProject } from '../helpers/fleet-project.js';

let alpaca: FakeAlpaca;
beforeAll(async () => {
  alpaca = await startFakeAlpaca();
});
afterAll(async () => {
  await alpaca.close();
});

const stockBot = {
  name: 'aapl',
  spec: 'strategies/ema-cross.json',
  symbol: 'AAPL',
  exchange: 'alpaca',
  timeframe: '1m',
  capital: 1_000,
};

describe('fleet run on Alpaca (a fake Alpaca on 127.0.0.1)', () => {
  it('boots a registered stock bot against the paper account (reconciled, bars read); refuses the live host for it', async () => {
    const dir = await readyProject({ bots: [stockBot] });
    expect((await fleet(['register'], { cwd: dir })).exitCode).toBe(0);
    const args = ['run', 'aapl', '--paper', '--for', '2s', '--json'];

    const wrong = await fleet(args, {
      cwd: dir,
      env: { ...FAKE_ALPACA_KEYS, APCA_API_BASE_URL: 'https://api.alpaca.markets' },
    });
    expect(wrong.exitCode).toBe(1);
    const refused = JSON.parse(wrong.stdout.trim().split('\n').at(-1) as string);
    expect(refused.bots[0]).toMatchObject({ bot: 'aapl', state: 'failed' });
    expect(refused.bots[0].reason).toContain("Alpaca's live account, but the bot is paper");

    const env = { ...FAKE_ALPACA_KEYS, APCA_API_BASE_URL: alpaca.url, APCA_API_DATA_URL: alpaca.url };
    const run = await fleet(args, { cwd: dir, env });
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    expect(summary).toMatchObject({ event: 'summary', bots: [{ bot: 'aapl' }] });
    expect(alpaca.calls('GET /v2/positions').length).toBeGreaterThan(0);
    expect(alpaca.calls('GET /v2/orders').length).toBeGreaterThan(0);
    expect(alpaca.calls('GET /v2/stocks/AAPL/bars').length).toBeGreaterThan(0);
    expect(alpaca.requests.every((r) => r.keyId === FAKE_ALPACA_KEYS.APCA_API_KEY_ID)).toBe(true);
    expect(run.stderr).not.toContain(FAKE_ALPACA_KEYS.APCA_API_SECRET_KEY);
  }, 120_000);

  it('promotes a stock bot through the gate (APCA keys, the live account reconciled in USD), then runs it live', async () => {
    const rails = { max_order_value: 500, max_position_value: 1000, daily_loss_limit: 0.03 };
    const dir = await readyProject({
      bots: [{ ...stockBot, risk: rails }],
      promotion: { min_paper_days: 0, min_paper_trades: 0 },
    });
    expect((await fleet(['register'], { cwd: dir })).exitCode).toBe(0);
    alpaca.reset();
    const promote = ['promote', 'aapl', '--live', '--yes', '--api-url', alpaca.url, '--json'];

    const keyless = await fleet(promote, { cwd: dir, env: { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' } });
    expect(keyless.exitCode).toBe(3);
    expect(keyless.stderr).toContain('no API keys for alpaca: set APCA_API_KEY_ID and APCA_API_SECRET_KEY');

    const promoted = await fleet(promote, { cwd: dir, env: FAKE_ALPACA_KEYS });
    expect(promoted.exitCode, promoted.stderr).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ bot: 'aapl', mode: 'live' });
    expect(alpaca.calls('GET /v2/positions').length).toBeGreaterThan(0);
    expect(alpaca.calls('GET /v2/account').length).toBeGreaterThan(0);

    const env = { ...FAKE_ALPACA_KEYS, APCA_API_BASE_URL: alpaca.url, APCA_API_DATA_URL: alpaca.url };
    const live = await fleet(['run', 'aapl', '--live', '--for', '2s', '--json'], { cwd: dir, env });
    expect(live.exitCode, live.stderr).toBe(0);
    const summary = JSON.parse(live.stdout.trim().split('\n').at(-1) as string);
    expect(summary).toMatchObject({ event: 'summary', bots: [{ bot: 'aapl' }] });
  }, 120_000);
});
