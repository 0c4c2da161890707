import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, startFakeAlpaca } from '../helpers/fake-alpaca.js';
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
});
