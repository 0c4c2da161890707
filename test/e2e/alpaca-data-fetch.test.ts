import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, startFakeAlpaca } from '../../src/testing/fake-alpaca.js';
import { fleet } from '../helpers/cli.js';

let alpaca: FakeAlpaca;
beforeAll(async () => {
  alpaca = await startFakeAlpaca();
});
afterAll(async () => {
  await alpaca.close();
});

const NO_KEYS = { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' };

describe('fleet data fetch --exchange alpaca (a fake Alpaca on 127.0.0.1)', () => {
  it('downloads stock bars with the keys from the environment into the cache as alpaca, and resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-alpaca-'));
    const args = [
      'data',
      'fetch',
      '--exchange',
      'alpaca',
      '--symbols',
      'AAPL',
      '--timeframe',
      '1d',
      '--api-url',
      alpaca.url,
    ];
    const first = await fleet([...args, '--since', '2024-01-01', '--until', '2024-03-01', '--json'], {
      cwd: dir,
      env: FAKE_ALPACA_KEYS,
    });
    expect(first.stderr).not.toContain(FAKE_ALPACA_KEYS.APCA_API_SECRET_KEY);
    expect(first.exitCode).toBe(0);
    const document = JSON.parse(first.stdout);
    expect(document).toMatchObject({ exchange: 'alpaca', timeframe: '1d' });
    expect(document.results[0]).toMatchObject({ symbol: 'AAPL', total: 60 });
    expect(alpaca.calls('GET /v2/stocks/AAPL/bars')[0].query).toMatchObject({ timeframe: '1Day', feed: 'iex' });

    alpaca.reset();
    const second = await fleet([...args, '--since', '2024-01-01', '--until', '2024-03-08'], {
      cwd: dir,
      env: FAKE_ALPACA_KEYS,
    });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('backtest them with --source cache:alpaca');
    expect(Date.parse(alpaca.calls('GET /v2/stocks/AAPL/bars')[0].query.start)).toBe(Date.UTC(2024, 2, 1));
  });

  it('without keys: one line naming the variables, exit 1, nothing asked of Alpaca', async () => {
    alpaca.reset();
    const dir = mkdtempSync(join(tmpdir(), 'fleet-alpaca-'));
    const run = await fleet(
      ['data', 'fetch', '--exchange', 'alpaca', '--symbols', 'AAPL', '--since', '2024-01-01', '--api-url', alpaca.url],
      { cwd: dir, env: NO_KEYS },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(
      'fetching bars from alpaca needs Alpaca API keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY',
    );
    expect(alpaca.requests).toEqual([]);
  });
});
