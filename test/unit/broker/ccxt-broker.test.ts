import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CcxtBroker,
  createCcxtBroker,
  exchangeKeyNames,
  hasExchangeKeys,
} from '../../../src/broker/ccxt/index.js';
import { BrokerUnavailableError, FleetError, type OrderReport, type OrderRequest } from '../../../src/core/index.js';
import { type FakeExchange, startFakeExchange } from '../../../src/testing/fake-exchange.js';

// Real ccxt against the fake Binance on 127.0.0.1: what these tests see is what ccxt sends and parses.
const KEY = 'test-key-Zq81vX';
const SECRET = 'test-secret-Pw92kM';
const ENV = { BINANCE_API_KEY: KEY, BINANCE_SECRET: SECRET };

let fake: FakeExchange;
let broker: CcxtBroker;

beforeAll(async () => {
  fake = await startFakeExchange({ apiKey: KEY });
  broker = await createCcxtBroker({
    exchange: 'binance',
    env: ENV,
    apiBaseUrl: fake.url,
    timeoutMs: 500,
    symbols: ['BTC/USDT'],
  });
});
afterAll(async () => {
  await broker?.close();
  await fake?.close();
});
const resetFake = () => {
  fake.reset();
  fake.setPrice('BTCUSDT', 100);
  fake.setPrice('ETHUSDT', 10);
};
beforeEach(resetFake);

// The Broker contract itself (idempotent ids, fills, cancels, refusals, restarts) is checked by
// test/conformance/broker.test.ts; these are the ccxt broker's own details.

let sequence = 0;
const order = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: `t-${Date.now().toString(36)}-${sequence++}`,
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  quantity: 0.5,
  ...overrides,
});
const posts = () => fake.trading().filter((r) => r.method === 'POST' && r.path === '/api/v3/order');
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

describe('CcxtBroker placing orders', () => {
  it('sends the client order id as newClientOrderId, signed and with the key header', async () => {
    const request = order();
    await broker.placeOrder(request);
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post.body).toMatchObject({ newClientOrderId: request.clientOrderId, symbol: 'BTCUSDT', side: 'BUY' });
    expect(post.body.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(post.apiKey).toBe(KEY);
    expect(fake.orders.map((o) => o.clientOrderId)).toEqual([request.clientOrderId]);
  });

  it('a market buy fills: price, quantity, fee in quote, one fill per trade, balances moved', async () => {
    const request = order();
    const report = await broker.placeOrder(request);
    expect(report).toMatchObject({
      clientOrderId: request.clientOrderId,
      exchangeOrderId: String(fake.orders[0].orderId),
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      quantity: 0.5,
      status: 'filled',
      filledQuantity: 0.5,
      averagePrice: 100,
    });
    // binance takes a buy's fee in the base asset: 0.0005 BTC at 100 = 0.05 USDT
    expect(report.fee).toBeCloseTo(0.05, 10);
    expect(report.fills).toHaveLength(1);
    expect(report.fills[0]).toMatchObject({ id: String(fake.orders[0].trades[0].id), quantity: 0.5, price: 100 });
    expect(report.fills[0].fee).toBeCloseTo(0.05, 10);
    expect(report.price).toBeUndefined();
    expect(fake.balance('USDT').free).toBeCloseTo(9950, 8);
    expect(fake.balance('BTC').free).toBeCloseTo(0.4995, 10);
  });

  it("a sell's fee is in the quote asset already", async () => {
    fake.setBalance('BTC', 1);
    const report = await broker.placeOrder(order({ side: 'sell', quantity: 0.2 }));
    expect(report.status).toBe('filled');
    expect(report.fee).toBeCloseTo(0.02, 10);
    expect(fake.balance('USDT').free).toBeCloseTo(10_000 + 20 - 0.02, 8);
  });

  it('a resting limit order is open with its price and no fills', async () => {
    const report = await broker.placeOrder(order({ type: 'limit', price: 90, quantity: 1 }));
    expect(report).toMatchObject({ status: 'open', type: 'limit', price: 90, filledQuantity: 0, fills: [], fee: 0 });
    expect(report.averagePrice).toBeUndefined();
    expect(fake.balance('USDT')).toEqual({ free: 9910, locked: 90 });
  });

  it('partial fills are reported as they grow, each trade under one id, never counted twice', async () => {
    fake.partialFills(0.4);
    const request = order({ type: 'limit', price: 100, quantity: 1 });
    const recorded = new Map<string, number>(); // a ledger keyed by fill id
    const record = (report: OrderReport | undefined) => {
      for (const fill of report?.fills ?? []) recorded.set(fill.id, fill.quantity);
      return [...recorded.values()].reduce((a, b) => a + b, 0);
    };

    const first = await broker.placeOrder(request);
    expect(first).toMatchObject({ status: 'partially_filled', filledQuantity: 0.4 });
    expect(record(first)).toBeCloseTo(0.4, 10);
    expect(record(await broker.fetchOrder(request.clientOrderId, 'BTC/USDT'))).toBeCloseTo(0.4, 10);

    fake.fill(request.clientOrderId, 0.35);
    const second = await broker.fetchOrder(request.clientOrderId, 'BTC/USDT');
    expect(second).toMatchObject({ status: 'partially_filled', filledQuantity: 0.75 });
    expect(second?.fills.map((f) => f.id)).toEqual([first.fills[0].id, expect.any(String)]);
    expect(second?.fills[1].id).not.toBe(first.fills[0].id);
    expect(record(second)).toBeCloseTo(0.75, 10);
    // the same partial order seen again, and from the open-orders list: still 0.75
    expect(record(await broker.fetchOrder(request.clientOrderId, 'BTC/USDT'))).toBeCloseTo(0.75, 10);
    const open = await broker.openOrders();
    expect(open.map((o) => o.clientOrderId)).toEqual([request.clientOrderId]);
    expect(record(open[0])).toBeCloseTo(0.75, 10);

    fake.fill(request.clientOrderId);
    const last = await broker.fetchOrder(request.clientOrderId, 'BTC/USDT');
    expect(last).toMatchObject({ status: 'filled', filledQuantity: 1, averagePrice: 100 });
    expect(last?.fills).toHaveLength(3);
    expect(record(last)).toBeCloseTo(1, 10);
    expect(last?.fee).toBeCloseTo(0.1, 10); // 0.001 BTC at 100
  });

  it('an order the account cannot pay for is a rejected report with the reason, not a throw', async () => {
    fake.setBalance('USDT', 10);
    const request = order({ quantity: 1 });
    const report = await broker.placeOrder(request);
    expect(report).toMatchObject({
      clientOrderId: request.clientOrderId,
      status: 'rejected',
      filledQuantity: 0,
      fills: [],
      reason: 'Account has insufficient balance for requested action.',
    });
    expect(fake.orders).toHaveLength(0);
  });

  it("any refusal by the exchange is a rejected report in the exchange's words", async () => {
    fake.rejectNextOrder(-1013, 'Filter failure: NOTIONAL');
    const report = await broker.placeOrder(order());
    expect(report.status).toBe('rejected');
    expect(report.reason).toBe('Filter failure: NOTIONAL (code -1013)');
  });

  it('a symbol the exchange does not list is a rejected report, not a throw', async () => {
    const report = await broker.placeOrder(order({ symbol: 'FOO/USDT' }));
    expect(report.status).toBe('rejected');
    expect(report.reason).toMatch(/FOO\/USDT/);
    expect(await broker.fetchOrder('x', 'FOO/USDT')).toBeUndefined();
  });

  it('stop orders and limit orders without a price are rejected without reaching the exchange', async () => {
    expect((await broker.placeOrder(order({ type: 'stop', price: 90 }))).status).toBe('rejected');
    expect((await broker.placeOrder(order({ type: 'limit' }))).reason).toMatch(/needs a price/);
    expect(fake.trading()).toHaveLength(0);
  });

  it("the exchange's duplicate answer returns the order holding the id", async () => {
    const request = order({ type: 'limit', price: 80 });
    const first = await broker.placeOrder(request);
    // the look-up misses it (as a lagging replica might), so the order is sent again
    fake.failTradingNext(1, 400, { code: -2013, msg: 'Order does not exist.' }, 'GET /api/v3/order');
    const again = await broker.placeOrder(request);
    expect(posts()).toHaveLength(2);
    expect(fake.orders).toHaveLength(1);
    expect(again).toMatchObject({ clientOrderId: request.clientOrderId, status: 'open', price: 80 });
    expect(again.exchangeOrderId).toBe(first.exchangeOrderId);
  });
});

describe('CcxtBroker when the exchange fails', () => {
  it('an order request that is never answered is BrokerUnavailableError after the timeout', async () => {
    fake.hangTradingNext(1, 'POST /api/v3/order');
    const started = Date.now();
    const error = await errorOf(broker.placeOrder(order()));
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error?.message).toMatch(/^binance did not answer while placing order t-.*timed out/);
    expect(error?.message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a 5xx is BrokerUnavailableError, on every kind of call', async () => {
    fake.failTradingNext(1, 503, '<html><body><h1>503 Service Unavailable</h1>\n</body></html>', 'POST /api/v3/order');
    expect(await errorOf(broker.placeOrder(order()))).toBeInstanceOf(BrokerUnavailableError);
    fake.failTradingNext(1, 500, { code: -1001, msg: 'Internal error; unable to process your request.' });
    expect(await errorOf(broker.balances())).toBeInstanceOf(BrokerUnavailableError);
    fake.failTradingNext(1, 502, 'Bad Gateway');
    expect(await errorOf(broker.lastPrice('BTC/USDT'))).toBeInstanceOf(BrokerUnavailableError);
    fake.hangTradingNext(1);
    expect(await errorOf(broker.fetchOrder('nope', 'BTC/USDT'))).toBeInstanceOf(BrokerUnavailableError);
  });

  it('a rate limit (429) is BrokerUnavailableError too', async () => {
    fake.failTradingNext(1, 429, { code: -1003, msg: 'Too many requests.' });
    expect(await errorOf(broker.openOrders())).toBeInstanceOf(BrokerUnavailableError);
  });
});

describe('CcxtBroker orders, balances and prices', () => {
  it('cancels an open order and gives back what it held', async () => {
    const request = order({ type: 'limit', price: 90, quantity: 1 });
    await broker.placeOrder(request);
    const cancelled = await broker.cancelOrder(request.clientOrderId, 'BTC/USDT');
    expect(cancelled).toMatchObject({ clientOrderId: request.clientOrderId, status: 'cancelled', filledQuantity: 0 });
    expect(fake.balance('USDT')).toEqual({ free: 10_000, locked: 0 });
    // cancelling again: binance says "Unknown order sent.", the broker reports the order as it ended
    expect((await broker.cancelOrder(request.clientOrderId, 'BTC/USDT'))?.status).toBe('cancelled');
  });

  it("lists open orders of the broker's symbols, or of the symbol asked for", async () => {
    const btc = order({ type: 'limit', price: 90 });
    const eth = order({ symbol: 'ETH/USDT', type: 'limit', price: 9, quantity: 2 });
    await broker.placeOrder(btc);
    await broker.placeOrder(eth);
    await broker.placeOrder(order()); // filled: not open
    expect((await broker.openOrders()).map((o) => o.clientOrderId)).toEqual([btc.clientOrderId]);
    const ethOpen = await broker.openOrders('ETH/USDT');
    expect(ethOpen).toHaveLength(1);
    expect(ethOpen[0]).toMatchObject({ clientOrderId: eth.clientOrderId, quantity: 2, price: 9, status: 'open' });
  });

  it('balances are totals (free + locked); positions are the base balances of its symbols', async () => {
    expect(await broker.positions()).toEqual([]);
    fake.setBalance('ETH', 3); // not one of the broker's symbols
    await broker.placeOrder(order());
    await broker.placeOrder(order({ type: 'limit', price: 90, quantity: 1 }));
    const balances = await broker.balances();
    expect(balances.USDT).toBeCloseTo(9950, 8); // 90 of it locked by the resting order
    expect(balances.BTC).toBeCloseTo(0.4995, 10);
    expect(balances.ETH).toBe(3);
    const positions = await broker.positions();
    expect(positions).toHaveLength(1);
    expect(positions[0].symbol).toBe('BTC/USDT');
    expect(positions[0].quantity).toBeCloseTo(0.4995, 10);
  });

  it('the last price comes from the ticker', async () => {
    fake.setPrice('BTCUSDT', 123.45);
    expect(await broker.lastPrice('BTC/USDT')).toBe(123.45);
    expect(fake.trading().map((r) => r.path)).toEqual(['/api/v3/ticker/24hr']);
  });

  it('is named after the exchange and cannot short', () => {
    expect(broker.name).toBe('binance');
    expect(broker.canShort).toBe(false);
  });
});

describe('CcxtBroker keys', () => {
  it('reads keys only from BINANCE_API_KEY and BINANCE_SECRET, naming what is missing', async () => {
    expect(exchangeKeyNames('binance')).toEqual({ apiKey: 'BINANCE_API_KEY', secret: 'BINANCE_SECRET' });
    expect(hasExchangeKeys('binance', ENV)).toBe(true);
    expect(hasExchangeKeys('binance', { BINANCE_API_KEY: KEY, BINANCE_SECRET: '' })).toBe(false);
    const none = await errorOf(createCcxtBroker({ exchange: 'binance', env: {}, apiBaseUrl: fake.url }));
    expect(none).toBeInstanceOf(FleetError);
    expect(none?.message).toMatch(/set BINANCE_API_KEY and BINANCE_SECRET/);
    const half = await errorOf(createCcxtBroker({ exchange: 'binance', env: { BINANCE_API_KEY: KEY } }));
    expect(half?.message).toMatch(/set BINANCE_SECRET in the environment/);
    expect(half?.message).not.toContain(KEY);
  });

  it('refused keys are a clear FleetError that names the variables and never the keys', async () => {
    const wrongKey = 'wrong-key-Hh3k2L';
    const wrongSecret = 'wrong-secret-Jj4m5N';
    const wrong = await createCcxtBroker({
      exchange: 'binance',
      env: { BINANCE_API_KEY: wrongKey, BINANCE_SECRET: wrongSecret },
      apiBaseUrl: fake.url,
      timeoutMs: 500,
    });
    const errors = [await errorOf(wrong.placeOrder(order())), await errorOf(wrong.balances())];
    for (const error of errors) {
      expect(error).toBeInstanceOf(FleetError);
      expect(error).not.toBeInstanceOf(BrokerUnavailableError);
      expect(error?.message).toMatch(/^binance refused the API keys \(from BINANCE_API_KEY and BINANCE_SECRET\)/);
      expect(error?.message).toContain('Invalid API-key, IP, or permissions for action.');
      expect(error?.message).not.toContain(wrongKey);
      expect(error?.message).not.toContain(wrongSecret);
    }
    expect(fake.orders).toHaveLength(0);
  });

  it('no error message carries the keys, even one that quotes the request', async () => {
    const msg = `Illegal characters found in parameter '${KEY}' ${SECRET}`;
    fake.failTradingNext(1, 400, { code: -1100, msg }, 'POST /api/v3/order');
    const report = await broker.placeOrder(order());
    expect(report.status).toBe('rejected');
    expect(report.reason).not.toContain(KEY);
    expect(report.reason).not.toContain(SECRET);
    fake.hangTradingNext(1);
    const error = await errorOf(broker.balances());
    expect(error?.message).not.toContain(KEY);
    expect(error?.message).not.toContain(SECRET);
  });
});
