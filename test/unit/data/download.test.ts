import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTimeFlag } from '../../../src/cli/commands/data-fetch.js';
import { type Candles, InputError, type ProgressEvent, UsageError } from '../../../src/core/index.js';
import { type DownloadCandlesOptions, downloadCandles } from '../../../src/data/download.js';
import { MemoryCandleCache } from '../../../src/data/index.js';
import { createExchange, type ExchangeClient, TemporaryExchangeError } from '../../../src/exchange/index.js';
import { type FakeExchange, fakeBar, startFakeExchange } from '../../../src/testing/fake-exchange.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const KEY = { source: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;

let fake: FakeExchange;
let exchange: ExchangeClient;
let cache: MemoryCandleCache;
let sleeps: number[];

beforeAll(async () => {
  fake = await startFakeExchange();
  exchange = await createExchange({ id: 'binance', apiBaseUrl: fake.url, timeoutMs: 250, enableRateLimit: false });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  cache = new MemoryCandleCache();
  sleeps = [];
});

/** A download of BTC/USDT 1h bars into `cache`, with backoff that records instead of waiting. */
const download = (options: Partial<DownloadCandlesOptions> = {}) =>
  downloadCandles({
    exchange,
    symbol: 'BTC/USDT',
    timeframe: '1h',
    since: T0,
    until: T0 + 10 * HOUR,
    cache,
    pageLimit: 4,
    retry: { sleep: async (ms) => void sleeps.push(ms) },
    ...options,
  });

const times = (candles: Candles | undefined): number[] => Array.from(candles?.time ?? []);
const hours = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => T0 + (from + i) * HOUR);
const startTimes = (): number[] => fake.klines().map((r) => Number(r.query.startTime));

describe('downloadCandles', () => {
  it('pages forward, with the rate limiter on, and gets every bar once and in order', async () => {
    const limited = await createExchange({ id: 'binance', apiBaseUrl: fake.url });
    const events: ProgressEvent[] = [];
    const result = await download({
      exchange: limited,
      until: T0 + 10 * HOUR,
      onProgress: (e) => events.push(e),
    });
    expect(startTimes()).toEqual([T0, T0 + 4 * HOUR, T0 + 8 * HOUR]);
    const stored = await cache.get(KEY);
    expect(times(stored)).toEqual(hours(0, 10));
    const bar = fakeBar('BTCUSDT', HOUR, T0 + 7 * HOUR);
    expect([stored?.open[7], stored?.high[7], stored?.low[7], stored?.close[7], stored?.volume[7]]).toEqual(
      bar.slice(1),
    );
    expect(result).toEqual({
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fetched: 10,
      total: 10,
      from: T0,
      to: T0 + 9 * HOUR,
      gaps: [],
    });
    expect(events).toEqual([
      { done: 4, total: 10, label: 'BTC/USDT' },
      { done: 8, total: 10, label: 'BTC/USDT' },
      { done: 10, total: 10, label: 'BTC/USDT' },
    ]);
  });

  it('resumes after the last cached bar: only the new range is asked for, nothing is duplicated', async () => {
    await download({ until: T0 + 6 * HOUR });
    fake.reset();
    const events: ProgressEvent[] = [];
    const result = await download({ until: T0 + 12 * HOUR, onProgress: (e) => events.push(e) });
    expect(startTimes()).toEqual([T0 + 6 * HOUR, T0 + 10 * HOUR]);
    expect(times(await cache.get(KEY))).toEqual(hours(0, 12));
    expect(result).toMatchObject({ fetched: 6, total: 12, resumedFrom: T0 + 6 * HOUR, gaps: [] });
    expect(events[0]).toEqual({ done: 10, total: 12, label: 'BTC/USDT' });
  });

  it('asks nothing when the cache already holds the whole range', async () => {
    await download({ until: T0 + 6 * HOUR });
    fake.reset();
    const result = await download({ until: T0 + 6 * HOUR });
    expect(fake.klines()).toHaveLength(0);
    expect(result).toMatchObject({ fetched: 0, total: 6, resumedFrom: T0 + 6 * HOUR });
  });

  it('downloads the whole range when the cache starts later, and merges without duplicates', async () => {
    await download({ since: T0 + 5 * HOUR, until: T0 + 8 * HOUR });
    fake.reset();
    const result = await download({ since: T0, until: T0 + 8 * HOUR });
    expect(startTimes()[0]).toBe(T0);
    expect(times(await cache.get(KEY))).toEqual(hours(0, 8));
    expect(result.resumedFrom).toBeUndefined();
  });

  it('retries 429s (backing off) and then succeeds', async () => {
    fake.rateLimitNext(2);
    const result = await download({ until: T0 + 3 * HOUR });
    expect(fake.klines()).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThanOrEqual(500); // the second wait's floor is the first's ceiling
    expect(result.fetched).toBe(3);
  });

  it('retries a request that timed out', async () => {
    fake.hangNext(1);
    const result = await download({ until: T0 + 3 * HOUR });
    expect(fake.klines()).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(times(await cache.get(KEY))).toEqual(hours(0, 3));
    expect(result.fetched).toBe(3);
  });

  it('gives up after the last attempt, keeping the cache as it was', async () => {
    await download({ until: T0 + 2 * HOUR });
    fake.reset();
    fake.rateLimitNext(10);
    const error = await download({ until: T0 + 4 * HOUR, retry: { attempts: 3, sleep: async () => {} } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemporaryExchangeError);
    expect((error as Error).message).toMatch(/429/);
    expect(fake.klines()).toHaveLength(3);
    expect(times(await cache.get(KEY))).toEqual(hours(0, 2));
  });

  it('records an outage as a gap instead of failing', async () => {
    fake.gap(T0 + 3 * HOUR, T0 + 6 * HOUR);
    const result = await download({ until: T0 + 10 * HOUR });
    expect(result.gaps).toEqual([{ after: T0 + 2 * HOUR, missingBars: 3 }]);
    expect(result.fetched).toBe(7);
    expect(times(await cache.get(KEY))).toEqual([...hours(0, 3), ...hours(6, 10)]);
  });

  it('records a gap at the junction with the cached bars', async () => {
    await download({ until: T0 + 3 * HOUR });
    fake.gap(T0 + 3 * HOUR, T0 + 5 * HOUR);
    const result = await download({ until: T0 + 8 * HOUR });
    expect(result.gaps).toEqual([{ after: T0 + 2 * HOUR, missingBars: 2 }]);
  });

  it('drops the bar that is still forming', async () => {
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    const result = await download({ since: thisHour - 5 * HOUR, until: undefined });
    // Two pages of 4: the second holds the last closed bar and the open one.
    expect(startTimes()).toEqual([thisHour - 5 * HOUR, thisHour - HOUR]);
    expect(result.to).toBe(thisHour - HOUR);
    expect(result.fetched).toBe(5);
    expect(times(await cache.get(KEY)).includes(thisHour)).toBe(false);
  });

  it('refuses a bad bar, naming the exchange, symbol and time, and caches nothing', async () => {
    fake.corrupt(T0 + 5 * HOUR);
    const error = await download().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^binance BTC\/USDT: bad bar at 2024-01-01T05:00:00.000Z: high .* low/);
    expect(await cache.get(KEY)).toBeUndefined();
  });

  it('an unknown symbol is a UsageError with a did-you-mean', async () => {
    const error = await download({ symbol: 'BTC/USTD' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe("binance does not list 'BTC/USTD'; did you mean 'BTC/USDT'?");
  });

  it('refuses a since in the future and a since not before until', async () => {
    await expect(download({ since: Date.UTC(2031, 0, 1), until: undefined })).rejects.toThrow(
      new UsageError('--since 2031-01-01 is in the future'),
    );
    await expect(download({ since: T0, until: T0 })).rejects.toThrow(UsageError);
    await expect(download({ since: T0 + HOUR, until: T0 })).rejects.toThrow(/must be before --until/);
    expect(fake.requests).toHaveLength(0);
  });

  it('connects by itself from exchange options, storing under the exchange id', async () => {
    const result = await download({
      exchange: {
        id: 'binance',
        apiBaseUrl: fake.url,
        enableRateLimit: false,
        exchangeOptions: { fetchMarkets: { types: ['spot'] } },
      },
      until: T0 + 2 * HOUR,
    });
    expect(result.fetched).toBe(2);
    // One page holds the range; its bar at `until` ends the download without another request.
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v3/exchangeInfo', '/api/v3/klines']);
    expect(await cache.list()).toEqual([KEY]);
  });
});

describe('data fetch time flags', () => {
  it('reads dates, ISO times (UTC unless zoned) and epoch milliseconds', () => {
    expect(parseTimeFlag('--since', '2024-01-01')).toBe(T0);
    expect(parseTimeFlag('--since', '2024-01-01T05:30')).toBe(T0 + 5.5 * HOUR);
    expect(parseTimeFlag('--since', '2024-01-01 05:30:00Z')).toBe(T0 + 5.5 * HOUR);
    expect(parseTimeFlag('--since', '2024-01-01T05:00+02:00')).toBe(T0 + 3 * HOUR);
    expect(parseTimeFlag('--since', String(T0))).toBe(T0);
  });

  it.each(['yesterday', '2024-02-30', '2024-13-01', '', '01/02/2024', '20240101'])('refuses %j', (value) => {
    expect(() => parseTimeFlag('--since', value)).toThrow(UsageError);
  });

  it('suspects epoch seconds', () => {
    expect(() => parseTimeFlag('--since', '1704067200')).toThrow(/epoch seconds/);
  });
});
