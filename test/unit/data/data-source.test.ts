import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../src/core/index.js';
import {
  DEFAULT_SANDBOX_BARS,
  generateSandboxCandles,
  loadCandles,
  parseDataSource,
  writeCandlesCsv,
} from '../../../src/data/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleet-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseDataSource', () => {
  it('reads sandbox and csv:FILE', () => {
    expect(parseDataSource('sandbox')).toEqual({ kind: 'sandbox' });
    expect(parseDataSource('sandbox:xnys')).toEqual({ kind: 'sandbox', venue: 'XNYS' });
    expect(() => parseDataSource('sandbox:XNYZ')).toThrow(
      "data source 'sandbox:XNYZ': unknown venue 'XNYZ'; did you mean 'XNYS'?",
    );
    expect(parseDataSource('csv:data/btc.csv')).toEqual({ kind: 'csv', path: 'data/btc.csv' });
    expect(parseDataSource('csv:C:/x.csv')).toEqual({ kind: 'csv', path: 'C:/x.csv' });
  });

  it('reads cache and cache:SOURCE, in the default or a given folder', () => {
    expect(parseDataSource('cache')).toEqual({ kind: 'cache', dir: '.fleet/candles', source: 'csv' });
    expect(parseDataSource('cache:binance', { cacheDir: '/tmp/c' })).toEqual({
      kind: 'cache',
      dir: '/tmp/c',
      source: 'binance',
    });
    expect(() => parseDataSource('cache:../x')).toThrow(UsageError);
  });

  it('reads db and db:SOURCE as the project database, carrying the URL and folder to reopen it', () => {
    expect(parseDataSource('db')).toEqual({ kind: 'database', source: 'csv', url: undefined, dir: '.fleet' });
    expect(parseDataSource('db:binance', { databaseUrl: 'postgres://x@h/db', projectDir: '/p/.fleet' })).toEqual({
      kind: 'database',
      source: 'binance',
      url: 'postgres://x@h/db',
      dir: '/p/.fleet',
    });
    expect(() => parseDataSource('db:../x')).toThrow(UsageError);
  });

  it('refuses anything else with a usage error', () => {
    expect(() => parseDataSource('binance')).toThrow(UsageError);
    expect(() => parseDataSource('binance')).toThrow(
      "unknown data source 'binance' (expected sandbox[:VENUE], csv:FILE, cache[:SOURCE] or db[:SOURCE])",
    );
    expect(() => parseDataSource('Sandbox')).toThrow("unknown data source 'Sandbox'");
    expect(() => parseDataSource('csv:')).toThrow("data source 'csv:' names no file (expected csv:FILE)");
  });
});

describe('loadCandles', () => {
  it('generates sandbox bars, DEFAULT_SANDBOX_BARS of them by default', async () => {
    expect(DEFAULT_SANDBOX_BARS).toBe(20_000);
    const loaded = await loadCandles({ kind: 'sandbox' }, { symbol: 'SBX-TREND', timeframe: '1h' });
    expect(loaded.candles.length).toBe(DEFAULT_SANDBOX_BARS);
    expect(loaded.timeframe).toBe('1h');
    expect(loaded.warnings).toEqual([]);
    const small = await loadCandles({ kind: 'sandbox' }, { symbol: 'SBX-TREND', timeframe: '4h', bars: 300, seed: 9 });
    const direct = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '4h', bars: 300, seed: 9 });
    expect(Array.from(small.candles.close)).toEqual(Array.from(direct.close));
  });

  it('rejects an unknown sandbox symbol', async () => {
    await expect(loadCandles({ kind: 'sandbox' }, { symbol: 'SBX-NOPE', timeframe: '1h' })).rejects.toThrow(UsageError);
  });

  it('reads a CSV file, returning its gap warnings and inferred timeframe', async () => {
    const path = join(dir, 'bars.csv');
    await writeFile(
      path,
      'time,open,high,low,close\n2024-01-01T00:00:00Z,1,2,0.5,1.5\n2024-01-01T00:15:00Z,1,2,0.5,1.5\n2024-01-01T01:00:00Z,1,2,0.5,1.5\n2024-01-01T01:15:00Z,1,2,0.5,1.5\n',
    );
    const loaded = await loadCandles({ kind: 'csv', path }, { symbol: 'ANY' });
    expect(loaded.candles.length).toBe(4);
    expect(loaded.timeframe).toBe('15m');
    expect(loaded.warnings).toEqual([`${path}:4: gap of 2 bars after 2024-01-01T00:15:00Z`]);
  });

  it('ignores sandbox-only options for CSV and checks against a given timeframe', async () => {
    const path = join(dir, 'bars.csv');
    await writeCandlesCsv(path, generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1d', bars: 30 }));
    const loaded = await loadCandles({ kind: 'csv', path }, { symbol: 'X', timeframe: '1d', bars: 5, seed: 3 });
    expect(loaded.candles.length).toBe(30);
    await expect(loadCandles({ kind: 'csv', path }, { symbol: 'X', timeframe: '1w' })).rejects.toThrow(InputError);
  });

  it('reports a missing CSV file', async () => {
    const path = join(dir, 'nope.csv');
    await expect(loadCandles({ kind: 'csv', path }, { symbol: 'X' })).rejects.toThrow(`${path}: no such file`);
  });
});

describe('loadCandles with csv:FILE holding {symbol}', () => {
  it('reads one file per symbol, with / in a symbol written as _', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleet-symbol-'));
    await writeCandlesCsv(
      join(dir, 'BTC_USDT.csv'),
      generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 30 }),
    );
    await writeCandlesCsv(
      join(dir, 'ETH_USDT.csv'),
      generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 40 }),
    );
    const source = parseDataSource(`csv:${join(dir, '{symbol}.csv')}`);
    expect((await loadCandles(source, { symbol: 'BTC/USDT' })).candles.length).toBe(30);
    expect((await loadCandles(source, { symbol: 'ETH/USDT' })).candles.length).toBe(40);
    await expect(loadCandles(source, { symbol: 'XRP/USDT' })).rejects.toThrow('XRP_USDT.csv');
  });
});
