import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FleetError, UsageError } from '../../../src/core/index.js';
import {
  createExchange,
  type ExchangeClient,
  exchangeTimeframes,
  fetchOhlcvPage,
  loadMarkets,
  TemporaryExchangeError,
} from '../../../src/exchange/index.js';
import { type FakeExchange, fakeBar, startFakeExchange } from '../../../src/testing/fake-exchange.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

let fake: FakeExchange;
let exchange: ExchangeClient;

beforeAll(async () => {
  fake = await startFakeExchange({ brokenSymbols: [{ base: 'XRP', quote: 'USDT' }] });
  exchange = await createExchange({ id: 'binance', apiBaseUrl: fake.url, timeoutMs: 250, enableRateLimit: false });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

describe('fetchOhlcvPage against a fake binance', () => {
  it('returns parsed bars from since, at most limit of them', async () => {
    const rows = await fetchOhlcvPage(exchange, 'BTC/USDT', '1h', T0, 3);
    expect(rows).toEqual([0, 1, 2].map((i) => fakeBar('BTCUSDT', HOUR, T0 + i * HOUR)));
    expect(fake.klines().map((r) => r.query)).toEqual([
      { symbol: 'BTCUSDT', interval: '1h', limit: '3', startTime: String(T0) },
    ]);
  });

  it('loads the markets once and lists them', async () => {
    const fresh = await createExchange({ id: 'binance', apiBaseUrl: fake.url, enableRateLimit: false });
    expect(await loadMarkets(fresh)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT']);
    await loadMarkets(fresh);
    expect(fake.requests.filter((r) => r.path === '/api/v3/exchangeInfo')).toHaveLength(1);
    expect(exchangeTimeframes(fresh)).toContain('1h');
  });

  it('an unknown symbol is a UsageError with a did-you-mean from the markets', async () => {
    const error = await fetchOhlcvPage(exchange, 'ETH/USDC', '1h', T0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe("binance does not list 'ETH/USDC'; did you mean 'ETH/USDT'?");
    expect(fake.klines()).toHaveLength(0); // ccxt knew from the markets
  });

  it('a far-off unknown symbol lists what the exchange has', async () => {
    await expect(fetchOhlcvPage(exchange, 'FOO/BAR', '1h', T0, 3)).rejects.toThrow(
      "binance does not list 'FOO/BAR' (it lists 4 symbols: BTC/USDT, ETH/USDT, SOL/USDT, XRP/USDT)",
    );
  });

  it("the exchange's own invalid-symbol answer (-1121) is a UsageError too", async () => {
    const error = await fetchOhlcvPage(exchange, 'XRP/USDT', '1h', T0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^binance does not list 'XRP\/USDT'/);
    expect(fake.klines()).toHaveLength(1);
  });

  it('a 429 is a TemporaryExchangeError on one line', async () => {
    fake.rateLimitNext(1);
    const error = await fetchOhlcvPage(exchange, 'BTC/USDT', '1h', T0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporaryExchangeError);
    expect((error as Error).message).toMatch(/429/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a request that never answers times out as a TemporaryExchangeError', async () => {
    fake.hangNext(1);
    const error = await fetchOhlcvPage(exchange, 'BTC/USDT', '1h', T0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporaryExchangeError);
    expect((error as Error).message).toMatch(/timed out/);
  });

  it('a timeframe the exchange lacks is a UsageError', async () => {
    await expect(fetchOhlcvPage(exchange, 'BTC/USDT', '2d', T0, 3)).rejects.toThrow(/binance has no 2d bars/);
  });

  it('an error the exchange means (not temporary) is a plain FleetError on one line', async () => {
    fake.failNext(1, 400, { code: -1100, msg: 'Illegal characters found in parameter.\nsymbol' });
    const error = await fetchOhlcvPage(exchange, 'BTC/USDT', '1h', T0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect(error).not.toBeInstanceOf(TemporaryExchangeError);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^binance .*-1100.*Illegal characters/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a refused API key is a FleetError that names the exchange', async () => {
    fake.failNext(1, 401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
    const error = await fetchOhlcvPage(exchange, 'BTC/USDT', '1h', T0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect(error).not.toBeInstanceOf(TemporaryExchangeError);
    expect((error as Error).message).toMatch(/^binance refused the API key: .*Invalid API-key/);
  });

  it("a load balancer's 503 page is temporary", async () => {
    fake.failNext(1, 503, '<html>\n<body><h1>503 Service Temporarily Unavailable</h1></body>\n</html>');
    await expect(fetchOhlcvPage(exchange, 'BTC/USDT', '1h', T0, 3)).rejects.toThrow(TemporaryExchangeError);
  });

  it('an unreachable exchange is temporary, and a later market load tries again', async () => {
    const down = await createExchange({ id: 'binance', apiBaseUrl: 'http://127.0.0.1:9', enableRateLimit: false });
    await expect(loadMarkets(down)).rejects.toThrow(TemporaryExchangeError);
    down.ccxt.urls.api = (await createExchange({ id: 'binance', apiBaseUrl: fake.url })).ccxt.urls.api;
    expect(await loadMarkets(down)).toContain('BTC/USDT');
  });
});
