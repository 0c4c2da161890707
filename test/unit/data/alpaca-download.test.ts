import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alpacaBarPages, downloadCandles, MemoryCandleCache } from '../../../src/data/index.js';
import { type AlpacaClient, createAlpacaClient, TemporaryExchangeError } from '../../../src/exchange/index.js';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, fakeAlpacaBar, startFakeAlpaca } from '../../../src/testing/fake-alpaca.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2024-01-08. */
const MONDAY = Date.UTC(2024, 0, 8);
/** The fake's session: weekdays, 14:00 to 21:00 UTC (hourly bars at 14..20). */
const inSession = (time: number): boolean => {
  const day = new Date(time).getUTCDay();
  const hour = new Date(time).getUTCHours();
  return day >= 1 && day <= 5 && hour >= 14 && hour < 21;
};

let fake: FakeAlpaca;
let client: AlpacaClient;
let cache: MemoryCandleCache;

beforeAll(async () => {
  fake = await startFakeAlpaca();
  const keys = { keyId: FAKE_ALPACA_KEYS.APCA_API_KEY_ID, secret: FAKE_ALPACA_KEYS.APCA_API_SECRET_KEY };
  client = await createAlpacaClient({ keys, paper: true, dataUrl: fake.url, timeoutMs: 300 });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.sessionOpen = inSession;
  cache = new MemoryCandleCache();
});

const download = (since: number, until: number) =>
  downloadCandles({
    exchange: alpacaBarPages(client),
    symbol: 'AAPL',
    timeframe: '1h',
    since,
    until,
    cache,
    retry: { sleep: async () => {}, attempts: 3 },
  });

describe('fleet data fetch from Alpaca (the same downloader and cache as exchange data)', () => {
  it('downloads the session bars of a week, following next_page_token, into the cache under alpaca', async () => {
    fake.pageSize = 4;
    const result = await download(MONDAY, MONDAY + 7 * DAY);
    // Five weekdays of seven hourly bars; nights and the weekend have none.
    expect(result).toMatchObject({ symbol: 'AAPL', timeframe: '1h', fetched: 35, total: 35 });
    const series = await cache.get({ source: 'alpaca', symbol: 'AAPL', timeframe: '1h' });
    expect(series?.length).toBe(35);
    expect(series?.time[0]).toBe(MONDAY + 14 * HOUR);
    expect(series?.time[7]).toBe(MONDAY + DAY + 14 * HOUR);
    expect([...(series?.close.slice(0, 2) ?? [])]).toEqual([
      fakeAlpacaBar('AAPL', HOUR, MONDAY + 14 * HOUR)[4],
      fakeAlpacaBar('AAPL', HOUR, MONDAY + 15 * HOUR)[4],
    ]);
    const requests = fake.calls('GET /v2/stocks/AAPL/bars');
    expect(requests[0].query).toMatchObject({ timeframe: '1Hour', adjustment: 'raw', feed: 'iex' });
    expect(requests.some((r) => r.query.page_token !== undefined)).toBe(true);
  });

  it('resumes after the last cached bar: only the new days are asked for', async () => {
    // From the first session bar: a cache that starts later than --since is not taken as covering it.
    const since = MONDAY + 14 * HOUR;
    await download(since, MONDAY + 2 * DAY);
    fake.reset();
    fake.sessionOpen = inSession;
    const result = await download(since, MONDAY + 3 * DAY);
    expect(result).toMatchObject({ fetched: 7, total: 21, resumedFrom: MONDAY + DAY + 21 * HOUR });
    const [first] = fake.calls('GET /v2/stocks/AAPL/bars');
    expect(Date.parse(first.query.start)).toBe(MONDAY + DAY + 21 * HOUR);
  });

  it('retries a 429 or a 5xx, and names the timeframes Alpaca has when asked for another', async () => {
    fake.failNext(2, 'GET /v2/stocks/AAPL/bars', 429, { code: 42910000, message: 'rate limit exceeded' });
    expect((await download(MONDAY, MONDAY + DAY)).fetched).toBe(7);
    fake.failNext(3, 'GET /v2/stocks/AAPL/bars', 503);
    const error = await download(MONDAY + DAY, MONDAY + 2 * DAY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporaryExchangeError);
    const bad = downloadCandles({
      exchange: alpacaBarPages(client),
      symbol: 'AAPL',
      timeframe: '3d',
      since: MONDAY,
      until: MONDAY + 9 * DAY,
      cache,
    });
    await expect(bad).rejects.toThrow('alpaca has no 3d bars (it has 1m-59m, 1h-23h, 1d and 1w)');
  });
});
