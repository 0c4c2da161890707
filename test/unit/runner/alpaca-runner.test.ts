import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlpacaBroker, alpacaClientFor, createAlpacaFeed, ManualClock } from '../../../src/broker/index.js';
import {
  type BarFeed,
  type Broker,
  clientOrderId,
  type OrderReport,
  type OrderRequest,
  SafetyError,
  timeframeMs,
} from '../../../src/core/index.js';
import { DEFAULT_RISK_LIMITS } from '../../../src/risk/index.js';
import type { BotRunner } from '../../../src/runner/index.js';
import {
  type BotRecord,
  eventsOf,
  fillsOf,
  getBot,
  ordersOf,
  readFlags,
  readPosition,
  registerBots,
  type Store,
} from '../../../src/store/index.js';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, fakeAlpacaBar, startFakeAlpaca } from '../../../src/testing/fake-alpaca.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { barTime, closeOf, longBetween, START } from '../../helpers/exchange-rig.js';
import { RecordingBroker, rigRunner } from '../../helpers/runner-rig.js';

/**
 * A stock bot on the fake Alpaca, through the same BotRunner as every other bot: its paper
 * account, the Alpaca feed of 1-minute AAPL bars, reconciliation with the account's positions and
 * open orders on boot and every tick, the deterministic client order id surviving a kill, a
 * refused out-of-session order, and a halt on a position the bot does not know of.
 */
const SYMBOL = 'AAPL';
const ENTRY = START;
const CAPITAL = 1_000;
const closeAt = (index: number): number => fakeAlpacaBar(SYMBOL, timeframeMs('1m'), barTime(index))[4];

class Killed extends Error {}

/** The process "dies" once the order has reached Alpaca, before its answer is recorded. */
class DyingBroker extends RecordingBroker {
  override async placeOrder(request: OrderRequest): Promise<OrderReport> {
    await super.placeOrder(request);
    throw new Killed(`killed after sending ${request.clientOrderId}`);
  }
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

describe.each(BACKENDS)('a stock bot on the fake Alpaca (%s)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let fake: FakeAlpaca;
  let broker: AlpacaBroker;
  let feed: BarFeed;

  beforeAll(async () => {
    fake = await startFakeAlpaca();
    database = await createTestDatabase(backend);
    store = await database.open();
    const client = await alpacaClientFor({ paper: true, env: FAKE_ALPACA_KEYS, apiBaseUrl: fake.url, timeoutMs: 400 });
    broker = new AlpacaBroker(client, [SYMBOL]);
    feed = createAlpacaFeed(client);
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await database?.cleanup();
  });
  beforeEach(() => {
    fake.reset();
    // Alpaca's price is the close the runner decides on.
    fake.account.prices.set(SYMBOL, closeAt(ENTRY));
  });

  async function register(name: string): Promise<BotRecord> {
    await registerBots(store, [
      {
        name,
        spec: { name: 'scripted' },
        params: {},
        symbol: SYMBOL,
        exchange: 'alpaca',
        timeframe: '1m',
        capital: CAPITAL,
        risk: {},
        config: {},
      },
    ]);
    return (await getBot(store, name)) as BotRecord;
  }

  const runner = (bot: BotRecord, clock: ManualClock, via: Broker = broker): BotRunner =>
    rigRunner(store, bot, {
      clock,
      broker: via,
      feed,
      strategy: longBetween(barTime(ENTRY)),
      limits: DEFAULT_RISK_LIMITS,
      start: START,
      ownAccount: false,
      quote: 'USD',
    });
  const posts = () => fake.calls('POST /v2/orders');

  it('reconciles on boot, buys under its deterministic id, books the fill; a restart sends nothing', async () => {
    const bot = await register('stock-buy');
    const clock = new ManualClock(closeOf(START - 1));
    const first = runner(bot, clock);
    await first.boot();
    expect(fake.calls('GET /v2/positions').length).toBeGreaterThan(0);
    expect(fake.calls('GET /v2/orders').length).toBeGreaterThan(0);
    expect(posts()).toEqual([]);

    clock.set(closeOf(ENTRY));
    expect(await first.tick()).toEqual({ bars: 1, barTime: barTime(ENTRY) });
    const id = clientOrderId(bot.name, barTime(ENTRY), 1);
    expect(posts().map((r) => [r.body.client_order_id, r.body.side, r.body.type, r.body.time_in_force])).toEqual([
      [id, 'buy', 'market', 'day'],
    ]);
    const quantity = Number(posts()[0].body.qty);
    expect(quantity * closeAt(ENTRY)).toBeLessThanOrEqual(CAPITAL);
    expect(quantity * closeAt(ENTRY)).toBeGreaterThan(CAPITAL * 0.99);
    const [ledger] = await ordersOf(store, bot.name);
    expect(ledger).toMatchObject({ clientOrderId: id, status: 'filled', filledQuantity: quantity, mode: 'paper' });
    expect(await readPosition(store, bot.name, SYMBOL)).toEqual({ quantity, avgPrice: closeAt(ENTRY) });

    clock.set(closeOf(ENTRY + 1));
    expect(await first.tick()).toEqual({ bars: 1, barTime: barTime(ENTRY + 1) });
    await first.stop();

    const second = runner(bot, clock);
    await second.boot();
    clock.set(closeOf(ENTRY + 2));
    await second.tick();
    await second.stop();
    expect(posts()).toHaveLength(1);
    expect(await fillsOf(store, bot.name)).toHaveLength(1);
    expect((await readFlags(store, bot.name)).halted).toBe(false);
  });

  it('a partial fill (Alpaca lists no fills) reconciles while open and books one fill once the order ends', async () => {
    const bot = await register('stock-partial');
    fake.partialFills(0.4);
    const clock = new ManualClock(closeOf(START - 1));
    const run = runner(bot, clock);
    await run.boot();
    clock.set(closeOf(ENTRY));
    await run.tick();
    const id = clientOrderId(bot.name, barTime(ENTRY), 1);
    const [placed] = fake.orders;
    expect(placed).toMatchObject({ clientOrderId: id, status: 'partially_filled' });
    expect((await ordersOf(store, bot.name))[0]).toMatchObject({ status: 'partially_filled' });

    // A tick while it is partly filled: the account holds 40% of it, and that is no mismatch.
    clock.set(closeOf(ENTRY + 1));
    await run.tick();
    expect((await readFlags(store, bot.name)).halted).toBe(false);

    fake.fill(id);
    clock.set(closeOf(ENTRY + 2));
    await run.tick();
    await run.stop();
    expect((await ordersOf(store, bot.name))[0]).toMatchObject({ status: 'filled', filledQuantity: placed.qty });
    const fills = await fillsOf(store, bot.name);
    expect(fills.map((f) => [f.exchangeFillId, f.quantity])).toEqual([[`${id}-summary`, placed.qty]]);
    expect((await readPosition(store, bot.name, SYMBOL)).quantity).toBe(placed.qty);
    expect((await readFlags(store, bot.name)).halted).toBe(false);
    expect(posts()).toHaveLength(1);
  });

  it('a runner killed right after Alpaca took the order: the restart finds it by client order id and sends nothing', async () => {
    const bot = await register('stock-crash');
    const clock = new ManualClock(closeOf(START - 1));
    const first = runner(bot, clock, new DyingBroker(broker));
    await first.boot();
    clock.set(closeOf(ENTRY));
    expect(await errorOf(first.tick())).toBeInstanceOf(Killed);
    const id = clientOrderId(bot.name, barTime(ENTRY), 1);
    expect(fake.orders.map((o) => [o.clientOrderId, o.status])).toEqual([[id, 'filled']]);
    expect((await ordersOf(store, bot.name)).map((o) => [o.clientOrderId, o.status])).toEqual([[id, 'new']]);
    await first.stop('crashed');

    const second = runner(bot, clock);
    await second.boot(); // catches up with the fill before reconciling: no halt
    expect(await second.tick()).toEqual({ bars: 1, barTime: barTime(ENTRY) });
    await second.stop();
    expect(posts()).toHaveLength(1);
    expect(fake.calls('GET /v2/orders:by_client_order_id').some((r) => r.query.client_order_id === id)).toBe(true);
    expect((await ordersOf(store, bot.name)).map((o) => [o.clientOrderId, o.status])).toEqual([[id, 'filled']]);
    expect((await readPosition(store, bot.name, SYMBOL)).quantity).toBe(fake.orders[0].filledQty);
  });

  it('an order decided while the market is closed is refused (an alert), and nothing reaches Alpaca', async () => {
    const bot = await register('stock-closed');
    // The bars were made in the session; the market has closed since.
    const closedAt = Date.now() - 60_000;
    fake.sessionOpen = (time) => time < closedAt;
    const clock = new ManualClock(closeOf(START - 1));
    const run = runner(bot, clock);
    await run.boot();
    clock.set(closeOf(ENTRY));
    await run.tick();
    await run.stop();
    expect(posts()).toEqual([]);
    const [order] = await ordersOf(store, bot.name);
    expect(order.status).toBe('rejected');
    const [event] = await eventsOf(store, { bot: bot.name, kinds: ['order_rejected'] });
    expect(event.message).toContain('market closed: the regular session opens at');
    expect(await readPosition(store, bot.name, SYMBOL)).toEqual({ quantity: 0, avgPrice: 0 });
    expect((await readFlags(store, bot.name)).halted).toBe(false);
  });

  it('shares on the account the bot does not know of halt the boot, and nothing is sent', async () => {
    const bot = await register('stock-foreign');
    fake.account.positions.set(SYMBOL, 3);
    const run = runner(bot, new ManualClock(closeOf(START - 1)));
    const error = await errorOf(run.boot());
    expect(error).toBeInstanceOf(SafetyError);
    expect(error?.message).toContain('reconciliation mismatch on boot');
    expect(error?.message).toContain(`broker holds 3 ${SYMBOL}`);
    expect((await readFlags(store, bot.name)).halted).toBe(true);
    expect(posts()).toEqual([]);
  });
});
