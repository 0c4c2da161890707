import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCcxtFeed } from '../../../src/broker/ccxt/index.js';
import { BrokerUnavailableError } from '../../../src/core/index.js';
import { type FakeExchange, fakeBar, startFakeExchange } from '../../../src/testing/fake-exchange.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

describe('createCcxtFeed', () => {
  it('returns only bars closed by now, from `from`, oldest first, needing no keys', async () => {
    const feed = createCcxtFeed({ exchange: 'binance', apiBaseUrl: fake.url });
    // at T0 + 5.5h the 05:00 bar is still forming
    const bars = await feed.closedBars('BTC/USDT', '1h', T0 + HOUR, T0 + 5.5 * HOUR);
    expect([...bars.time]).toEqual([1, 2, 3, 4].map((i) => T0 + i * HOUR));
    const expected = fakeBar('BTCUSDT', HOUR, T0 + 2 * HOUR);
    expect([bars.time[1], bars.open[1], bars.high[1], bars.low[1], bars.close[1], bars.volume[1]]).toEqual(expected);
    expect(fake.requests.every((r) => r.apiKey === undefined)).toBe(true);
  });

  it('a bar closing exactly at now counts as closed; limit keeps the oldest', async () => {
    const feed = createCcxtFeed({ exchange: 'binance', apiBaseUrl: fake.url });
    const all = await feed.closedBars('BTC/USDT', '1h', T0, T0 + 3 * HOUR);
    expect([...all.time]).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR]);
    const two = await feed.closedBars('BTC/USDT', '1h', T0, T0 + 10 * HOUR, 2);
    expect([...two.time]).toEqual([T0, T0 + HOUR]);
    expect((await feed.closedBars('BTC/USDT', '1h', T0, T0 + HOUR - 1)).length).toBe(0);
  });

  it('pages through more bars than one request holds', async () => {
    const feed = createCcxtFeed({ exchange: 'binance', apiBaseUrl: fake.url });
    const bars = await feed.closedBars('ETH/USDT', '1m', T0, T0 + 1500 * 60_000);
    expect(bars.length).toBe(1500);
    expect(bars.time[1499]).toBe(T0 + 1499 * 60_000);
    expect(fake.klines().length).toBe(2);
  });

  it('an exchange that does not answer is BrokerUnavailableError', async () => {
    const feed = createCcxtFeed({ exchange: 'binance', apiBaseUrl: fake.url, timeoutMs: 300 });
    fake.hangNext(1);
    await expect(feed.closedBars('BTC/USDT', '1h', T0, T0 + 5 * HOUR)).rejects.toBeInstanceOf(BrokerUnavailableError);
  });
});
