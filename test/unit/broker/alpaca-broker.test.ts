import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AlpacaBroker, createAlpacaBroker } from '../../../src/broker/index.js';
import { BrokerUnavailableError, FleetError, type OrderRequest, UsageError } from '../../../src/core/index.js';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, startFakeAlpaca } from '../../../src/testing/fake-alpaca.js';

// The real broker and Alpaca's official SDK against the fake Alpaca on 127.0.0.1.
let fake: FakeAlpaca;
let broker: AlpacaBroker;

beforeAll(async () => {
  fake = await startFakeAlpaca();
  broker = await createAlpacaBroker({
    paper: true,
    env: FAKE_ALPACA_KEYS,
    apiBaseUrl: fake.url,
    timeoutMs: 500,
    symbols: ['AAPL'],
  });
});
afterAll(async () => {
  await broker?.close();
  await fake?.close();
});
const resetFake = () => {
  fake.reset();
  fake.account.prices.set('AAPL', 200);
  fake.account.prices.set('BRK.A', 1000);
};
beforeEach(resetFake);

// The Broker contract itself (idempotent ids, fills, cancels, refusals, restarts) is checked by
// test/conformance/broker.test.ts; these are the Alpaca broker's own details.

let sequence = 0;
const order = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: `t-${Date.now().toString(36)}-${sequence++}`,
  symbol: 'AAPL',
  side: 'buy',
  type: 'market',
  quantity: 2,
  ...overrides,
});
const posts = () => fake.calls('POST /v2/orders');
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

describe('AlpacaBroker placing orders', () => {
  it('sends a day order under the client order id, with the keys in the headers; a market buy fills', async () => {
    const request = order();
    const report = await broker.placeOrder(request);
    expect(posts()).toHaveLength(1);
    expect(posts()[0].body).toMatchObject({
      symbol: 'AAPL',
      qty: '2',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      client_order_id: request.clientOrderId,
    });
    expect(posts()[0].keyId).toBe(FAKE_ALPACA_KEYS.APCA_API_KEY_ID);
    expect(report).toMatchObject({
      clientOrderId: request.clientOrderId,
      exchangeOrderId: fake.orders[0].id,
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      quantity: 2,
      status: 'filled',
      filledQuantity: 2,
      averagePrice: 200,
      fee: 0,
    });
    expect(report.fills).toEqual([
      { id: `${request.clientOrderId}-summary`, quantity: 2, price: 200, fee: 0, time: expect.any(Number) },
    ]);
    expect(fake.account.cash).toBe(100_000 - 400);
    expect(await broker.positions()).toEqual([{ symbol: 'AAPL', quantity: 2 }]);
    expect(await broker.balances()).toEqual({ USD: 99_600, AAPL: 2 });
  });

  it('asks for the id first: a resend of a known order sends nothing and returns the order as it stands', async () => {
    const request = order();
    const first = await broker.placeOrder(request);
    const again = await broker.placeOrder(request);
    expect(posts()).toHaveLength(1);
    expect(again).toMatchObject({ status: 'filled', exchangeOrderId: first.exchangeOrderId });
    expect(fake.calls('GET /v2/orders:by_client_order_id').map((r) => r.query.client_order_id)).toEqual([
      request.clientOrderId,
      request.clientOrderId,
    ]);
  });

  it("a resend that races the first answer gets Alpaca's 422 and returns the order holding the id", async () => {
    const request = order();
    await broker.placeOrder(request);
    // The lookup misses (the first send's answer never came back): the POST is a duplicate.
    fake.failNext(1, 'GET /v2/orders:by_client_order_id', 404, { code: 40410000, message: 'order not found' });
    const again = await broker.placeOrder(request);
    expect(posts()).toHaveLength(2);
    expect(fake.orders).toHaveLength(1);
    expect(again).toMatchObject({ clientOrderId: request.clientOrderId, status: 'filled', filledQuantity: 2 });
  });

  it('cuts quantities to what the asset allows: whole shares, or 9 decimals of a fractionable one', async () => {
    await broker.placeOrder(order({ symbol: 'BRK.A', quantity: 2.7 }));
    await broker.placeOrder(order({ quantity: 0.123456789987 }));
    expect(posts().map((r) => r.body.qty)).toEqual(['2', '0.123456789']);
    const tooSmall = await broker.placeOrder(order({ symbol: 'BRK.A', quantity: 0.9 }));
    expect(tooSmall).toMatchObject({ status: 'rejected', filledQuantity: 0 });
    expect(tooSmall.reason).toContain('whole shares only');
    expect(posts()).toHaveLength(2);
    expect(await broker.minimumQuantity('BRK.A')).toBe(1);
    expect(await broker.minimumQuantity('AAPL')).toBe(1e-9);
  });

  it('refuses an order while the market is closed, naming the next open, and sends nothing', async () => {
    const opens = Date.now() + 3_600_000;
    fake.sessionOpen = (time) => time >= opens;
    const report = await broker.placeOrder(order());
    expect(report.status).toBe('rejected');
    expect(report.reason).toMatch(/^market closed: the regular session opens at \d{4}-\d\d-\d\dT/);
    expect(posts()).toEqual([]);
    // An order Alpaca already holds is still recognised outside the session.
    fake.sessionOpen = () => true;
    const request = order();
    await broker.placeOrder(request);
    fake.sessionOpen = () => false;
    expect(await broker.placeOrder(request)).toMatchObject({ status: 'filled' });
  });

  it("Alpaca's refusals are rejected reports with its words: buying power, shares to sell, unknown and halted assets", async () => {
    const poor = await broker.placeOrder(order({ quantity: 1_000 }));
    expect(poor).toMatchObject({ status: 'rejected', reason: 'insufficient buying power (code 40310000)' });
    const short = await broker.placeOrder(order({ side: 'sell', quantity: 1 }));
    expect(short.status).toBe('rejected');
    expect(short.reason).toContain('insufficient qty available');
    expect(await broker.placeOrder(order({ symbol: 'NOPE' }))).toMatchObject({
      status: 'rejected',
      reason: 'alpaca does not list NOPE',
    });
    expect((await broker.placeOrder(order({ symbol: 'HALT' }))).reason).toBe('HALT is not tradable at alpaca now');
    expect((await broker.placeOrder(order({ type: 'stop', price: 150 }))).status).toBe('rejected');
    expect(fake.orders).toHaveLength(0);
  });

  it('partial fills show in filledQuantity while open, then as one summary fill once the order ends', async () => {
    fake.partialFills(0.4);
    const request = order({ quantity: 10 });
    const first = await broker.placeOrder(request);
    expect(first).toMatchObject({ status: 'partially_filled', filledQuantity: 4, fills: [] });
    expect((await broker.openOrders()).map((o) => o.clientOrderId)).toEqual([request.clientOrderId]);
    fake.fill(request.clientOrderId);
    const done = await broker.fetchOrder(request.clientOrderId, 'AAPL');
    expect(done).toMatchObject({ status: 'filled', filledQuantity: 10 });
    expect(done?.fills.map((f) => [f.id, f.quantity])).toEqual([[`${request.clientOrderId}-summary`, 10]]);
    expect(await broker.openOrders()).toEqual([]);
  });

  it('a resting limit order is open, then cancelled; cancelling an unknown id is undefined', async () => {
    // A buy's limit goes on the cent below: never more than the runner asked to pay.
    const request = order({ type: 'limit', price: 150.009 });
    expect(await broker.placeOrder(request)).toMatchObject({ status: 'open', type: 'limit', price: 150 });
    expect(posts()[0].body).toMatchObject({ type: 'limit', limit_price: '150', time_in_force: 'day' });
    expect((await broker.openOrders('AAPL')).map((o) => o.clientOrderId)).toEqual([request.clientOrderId]);
    expect(await broker.cancelOrder(request.clientOrderId, 'AAPL')).toMatchObject({ status: 'cancelled' });
    expect(fake.calls(`DELETE /v2/orders/${fake.orders[0].id}`)).toHaveLength(1);
    expect(await broker.cancelOrder('never-sent', 'AAPL')).toBeUndefined();
    expect(await broker.fetchOrder('never-sent', 'AAPL')).toBeUndefined();
  });

  it('reads the last trade', async () => {
    expect(await broker.lastPrice('AAPL')).toBe(200);
  });
});

describe('AlpacaBroker failures', () => {
  it('a 5xx or a request that never returns is BrokerUnavailableError', async () => {
    fake.failNext(1, 'GET /v2/positions', 503);
    expect(await errorOf(broker.positions())).toBeInstanceOf(BrokerUnavailableError);
    fake.hangNext(1, 'POST /v2/orders');
    const error = await errorOf(broker.placeOrder(order()));
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error?.message).toContain('alpaca did not answer while placing order');
    expect(error?.message).toMatch(/timed out after 500 ms/);
    fake.failNext(1, 'GET /v2/account', 429, { code: 42910000, message: 'rate limit exceeded' });
    expect(await errorOf(broker.balances())).toBeInstanceOf(BrokerUnavailableError);
  });

  it('refused keys name the variables, never the keys; missing keys say what to set', async () => {
    const wrong = await createAlpacaBroker({
      paper: true,
      env: { APCA_API_KEY_ID: 'wrong-key-1234', APCA_API_SECRET_KEY: 'wrong-secret-5678' },
      apiBaseUrl: fake.url,
    });
    const error = await errorOf(wrong.positions());
    expect(error).toBeInstanceOf(FleetError);
    expect(error).not.toBeInstanceOf(BrokerUnavailableError);
    expect(error?.message).toContain('APCA_API_KEY_ID and APCA_API_SECRET_KEY');
    expect(error?.message).not.toContain('wrong-secret-5678');
    const missing = await errorOf(createAlpacaBroker({ paper: true, env: { APCA_API_KEY_ID: 'k' } }));
    expect(missing?.message).toBe(
      'trading on alpaca (paper) needs Alpaca API keys: set APCA_API_SECRET_KEY in the environment (or .env); both APCA_API_KEY_ID and APCA_API_SECRET_KEY are required',
    );
  });

  it("a paper broker refuses Alpaca's live host and a live one the paper host", async () => {
    const paper = await errorOf(
      createAlpacaBroker({
        paper: true,
        env: { ...FAKE_ALPACA_KEYS, APCA_API_BASE_URL: 'https://api.alpaca.markets' },
      }),
    );
    expect(paper).toBeInstanceOf(UsageError);
    expect(paper?.message).toContain("Alpaca's live account, but the bot is paper");
    const live = await errorOf(
      createAlpacaBroker({
        paper: false,
        env: { ...FAKE_ALPACA_KEYS, APCA_API_BASE_URL: 'https://paper-api.alpaca.markets/' },
      }),
    );
    expect(live).toBeInstanceOf(UsageError);
  });
});
