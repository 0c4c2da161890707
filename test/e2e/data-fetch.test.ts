import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeExchange, startFakeExchange } from '../../src/testing/fake-exchange.js';
import { fleet } from '../helpers/cli.js';

let exchange: FakeExchange;
beforeAll(async () => {
  exchange = await startFakeExchange();
});
afterAll(async () => {
  await exchange.close();
});

describe('fleet data fetch (a fake Binance on 127.0.0.1)', () => {
  it('downloads into the cache, resumes, and the bars backtest with --source cache:binance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-fetch-'));
    const args = [
      'data',
      'fetch',
      '--exchange',
      'binance',
      '--symbols',
      'BTC/USDT',
      '--timeframe',
      '1h',
      '--api-url',
      exchange.url,
      '--json',
    ];
    const first = await fleet([...args, '--since', '2024-01-01', '--until', '2024-03-01'], { cwd: dir });
    expect(first.exitCode).toBe(0);
    const [summary] = JSON.parse(first.stdout).results ?? JSON.parse(first.stdout);
    expect(summary).toMatchObject({ symbol: 'BTC/USDT', timeframe: '1h' });
    const bars = (Date.UTC(2024, 2, 1) - Date.UTC(2024, 0, 1)) / 3_600_000;
    expect(summary.total).toBe(bars);

    exchange.reset();
    const second = await fleet([...args, '--since', '2024-01-01', '--until', '2024-03-08'], { cwd: dir });
    expect(second.exitCode).toBe(0);
    // Resumed after the last cached bar: only the new week was asked for.
    expect(Number(exchange.klines()[0].query.startTime)).toBe(Date.UTC(2024, 2, 1));

    const spec = join(process.cwd(), 'examples/specs/ema-cross.json');
    const backtest = await fleet(['backtest', spec, '--symbol', 'BTC/USDT', '--source', 'cache:binance', '--json'], {
      cwd: dir,
    });
    expect(backtest.exitCode).toBe(0);
    expect(JSON.parse(backtest.stdout).bars).toBe(bars + 7 * 24);
  });

  it('refuses a since-date in the future and an unknown exchange, in one line each (exit 2)', async () => {
    const future = await fleet([
      'data',
      'fetch',
      '--exchange',
      'binance',
      '--symbols',
      'BTC/USDT',
      '--since',
      '2999-01-01',
      '--api-url',
      exchange.url,
    ]);
    expect(future.exitCode).toBe(2);
    expect(future.stderr).toContain('is in the future');
    const unknown = await fleet([
      'data',
      'fetch',
      '--exchange',
      'binanse',
      '--symbols',
      'BTC/USDT',
      '--since',
      '2024-01-01',
    ]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("did you mean 'binance'");
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a symbol the exchange does not list (exit 2)', async () => {
    const r = await fleet([
      'data',
      'fetch',
      '--exchange',
      'binance',
      '--symbols',
      'BTC/USDX',
      '--since',
      '2024-01-01',
      '--until',
      '2024-01-02',
      '--api-url',
      exchange.url,
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('BTC/USDT');
  });
});
