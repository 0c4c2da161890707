import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CcxtBroker,
  createCcxtBroker,
  createCcxtFeed,
  createPaperBroker,
  ManualClock,
  type SimExchange,
} from '../../../src/broker/index.js';
import {
  type BarFeed,
  type Broker,
  BrokerUnavailableError,
  clientOrderId,
  FleetError,
  type OrderReport,
  type OrderRequest,
  SafetyError,
} from '../../../src/core/index.js';
import type { BotRunner } from '../../../src/runner/index.js';
import {
  type BotRecord,
  eventsOf,
  fillsOf,
  ordersOf,
  readFlags,
  readPosition,
  readRuntime,
  type Store,
  StoreSandboxLedger,
} from '../../../src/store/index.js';
import { type FakeExchange, startFakeExchange } from '../../../src/testing/fake-exchange.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import {
  barTime,
  CAPITAL,
  closeOf,
  exchangeRunner,
  fakeClose,
  KEYS,
  longBetween,
  registerExchangeBot,
  START,
  SYMBOL,
  SYMBOL_ID,
} from '../../helpers/exchange-rig.js';
import { RecordingBroker, RIG_COSTS } from '../../helpers/runner-rig.js';

/**
 * "Paper and live differ by the broker alone" (DESIGN.md 3), end to end: one BotRunner, one
 * scripted strategy, one ccxt feed of real public bars from the fake Binance on 127.0.0.1, and
 * either the paper broker over that feed or the live ccxt broker against the fake's spot account.
 * The runner never learns which it has; what differs is only where the order goes.
 */

/** The bar the strategy buys on. */
const ENTRY = START;

const posts = (fake: FakeExchange) => fake.trading().filter((r) => r.method === 'POST' && r.path === '/api/v3/order');
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

/** A runner as assembleRunners builds one, on a manual clock, buying on bar ENTRY. */
const runner = (
  store: Store,
  bot: BotRecord,
  parts: { broker: Broker; feed: BarFeed; clock: ManualClock; ownAccount: boolean },
): BotRunner => exchangeRunner(store, bot, { ...parts, strategy: longBetween(barTime(ENTRY)) });

class Killed extends Error {}

/** The live broker, but the process "dies" once an order has reached the exchange. */
class DyingBroker extends RecordingBroker {
  override async placeOrder(request: OrderRequest): Promise<OrderReport> {
    await super.placeOrder(request);
    throw new Killed(`killed after sending ${request.clientOrderId}`);
  }
}

describe.each(BACKENDS)('a runner on the fake Binance (%s)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let fake: FakeExchange;

  beforeAll(async () => {
    // Binance's default 0.1%, which it takes from a buy in BTC: the ledger must book the position
    // the account really holds (filled quantity less the fee), or reconciliation halts the bot.
    fake = await startFakeExchange();
    database = await createTestDatabase(backend);
    store = await database.open();
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await database?.cleanup();
  });
  beforeEach(() => fake.reset());

  describe('paper: simulated fills on real public prices', () => {
    it('fills the entry at the last close plus slippage, books agree, and nothing reaches the exchange', async () => {
      const bot = await registerExchangeBot(store, 'paper-btc', 'paper');
      const clock = new ManualClock(closeOf(START - 1));
      const feed = createCcxtFeed({ exchange: 'binance', apiBaseUrl: fake.url, timeoutMs: 2_000 });
      const paper: SimExchange = createPaperBroker({
        account: `paper:${bot.name}`,
        ledger: new StoreSandboxLedger(store),
        clock,
        feed,
        timeframe: '1m',
        costs: RIG_COSTS,
        initialCash: CAPITAL,
        canShort: false,
      });
      const run = runner(store, bot, { broker: paper, feed, clock, ownAccount: true });
      await run.boot();
      expect((await readRuntime(store, bot.name))?.lastBarTime).toBe(barTime(START - 1));

      for (let index = START; index < START + 4; index++) {
        clock.set(closeOf(index));
        expect(await run.tick()).toEqual({ bars: 1, barTime: barTime(index) });
      }

      // The paper broker's documented price: a market order fills at the forming bar's open,
      // which a feed of closed bars makes the last closed bar's close, plus slippage.
      const price = fakeClose(ENTRY) * (1 + RIG_COSTS.slippageBps / 10_000);
      const feeRate = RIG_COSTS.feeBps / 10_000;
      const quantity = (CAPITAL * 1 * 1) / (price * (1 + feeRate));
      const fee = quantity * price * feeRate;
      const id = clientOrderId(bot.name, barTime(ENTRY), 1);

      const orders = await ordersOf(store, bot.name);
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({
        clientOrderId: id,
        symbol: SYMBOL,
        side: 'buy',
        type: 'market',
        role: 'entry',
        barTime: barTime(ENTRY),
        mode: 'paper',
        status: 'filled',
      });
      expect(orders[0].quantity).toBeCloseTo(quantity, 12);
      expect(orders[0].averagePrice).toBeCloseTo(price, 10);
      const fills = await fillsOf(store, bot.name);
      expect(fills).toHaveLength(1);
      expect(fills[0].price).toBeCloseTo(price, 10);
      expect(fills[0].quantity).toBeCloseTo(quantity, 12);
      expect(fills[0].fee).toBeCloseTo(fee, 10);
      expect(fills[0].time.getTime()).toBe(closeOf(ENTRY));
      const position = await readPosition(store, bot.name, SYMBOL);
      expect(position.quantity).toBeCloseTo(quantity, 12);
      expect(position.avgPrice).toBeCloseTo(price, 10);
      const cash = (await readRuntime(store, bot.name))?.cash ?? Number.NaN;
      expect(cash).toBeCloseTo(CAPITAL - quantity * price - fee, 8);

      // The ledger is the paper broker's books, to the unit.
      const report = (await paper.fetchOrder(id, SYMBOL)) as OrderReport;
      expect(report).toMatchObject({ status: 'filled', side: 'buy' });
      expect(report.averagePrice).toBe(orders[0].averagePrice);
      expect(report.filledQuantity).toBe(orders[0].filledQuantity);
      expect(await paper.positions()).toEqual([{ symbol: SYMBOL, quantity: position.quantity }]);
      expect((await paper.balances()).USDT).toBe(cash);
      expect(await paper.openOrders()).toEqual([]);
      expect(run.book).toEqual({ position: position.quantity, avgPrice: position.avgPrice, cash });
      expect((await readFlags(store, bot.name)).halted).toBe(false);

      // Paper never talks to the trading API: public exchangeInfo and klines only, no key sent.
      expect(fake.trading()).toEqual([]);
      expect(fake.orders).toEqual([]);
      expect(fake.klines().length).toBeGreaterThan(0);
      expect(new Set(fake.requests.map((r) => r.path))).toEqual(new Set(['/api/v3/exchangeInfo', '/api/v3/klines']));
      expect(fake.requests.every((r) => r.apiKey === undefined)).toBe(true);
      await run.stop();
    });
  });

  describe('live: the same runner through ccxt to the exchange', () => {
    let broker: CcxtBroker;
    let feed: BarFeed;
    beforeAll(async () => {
      broker = await createCcxtBroker({
        exchange: 'binance',
        apiBaseUrl: fake.url,
        env: KEYS,
        symbols: [SYMBOL],
        timeoutMs: 400,
      });
      feed = createCcxtFeed({ exchange: 'binance', apiBaseUrl: fake.url, timeoutMs: 2_000 });
    });
    afterAll(() => broker?.close());
    // The exchange's market price is the close the runner decides on, as on a liquid market.
    beforeEach(() => fake.setPrice(SYMBOL_ID, fakeClose(ENTRY)));

    /** What the exchange's own books say the bot's entry came to. */
    function exchangeEntry(id: string) {
      const placed = fake.orders.filter((o) => o.clientOrderId === id);
      expect(placed).toHaveLength(1);
      const [order] = placed;
      expect(order).toMatchObject({ symbol: SYMBOL_ID, side: 'BUY', type: 'MARKET', status: 'FILLED' });
      expect(order.trades).toHaveLength(1);
      return { order, quantity: order.executedQty, price: order.trades[0].price };
    }

    it('boots against the account, sends the entry under its deterministic id, records the fill; a restart sends nothing', async () => {
      const bot = await registerExchangeBot(store, 'live-btc', 'live');
      const clock = new ManualClock(closeOf(START - 1));
      const first = runner(store, bot, { broker, feed, clock, ownAccount: false });
      await first.boot();
      // Reconciled with the account on boot (no BTC, no open orders), without a single order.
      const boot = fake.trading().map((r) => `${r.method} ${r.path}`);
      expect(boot).toContain('GET /api/v3/account');
      expect(boot).toContain('GET /api/v3/openOrders');
      expect(posts(fake)).toEqual([]);

      clock.set(closeOf(ENTRY));
      expect(await first.tick()).toEqual({ bars: 1, barTime: barTime(ENTRY) });

      const id = clientOrderId(bot.name, barTime(ENTRY), 1);
      expect(posts(fake)).toHaveLength(1);
      expect(posts(fake)[0].body).toMatchObject({
        newClientOrderId: id,
        symbol: SYMBOL_ID,
        side: 'BUY',
        type: 'MARKET',
      });
      expect(posts(fake)[0].apiKey).toBe(KEYS.BINANCE_API_KEY);
      const { order, quantity, price } = exchangeEntry(id);
      expect(price).toBe(fakeClose(ENTRY));
      // Sized as the backtest sizes (cash / expected price incl. slippage and fee), cut to the lot step.
      const expected = CAPITAL / (price * (1 + RIG_COSTS.slippageBps / 10_000) * (1 + RIG_COSTS.feeBps / 10_000));
      expect(quantity).toBeLessThanOrEqual(expected);
      expect(quantity).toBeGreaterThan(expected - 0.00001);

      const [ledger] = await ordersOf(store, bot.name);
      expect(ledger).toMatchObject({
        clientOrderId: id,
        exchangeOrderId: String(order.orderId),
        status: 'filled',
        filledQuantity: quantity,
        averagePrice: price,
        mode: 'live',
        role: 'entry',
      });
      const fills = await fillsOf(store, bot.name);
      expect(fills).toHaveLength(1);
      expect(fills[0]).toMatchObject({
        clientOrderId: id,
        exchangeFillId: String(order.trades[0].id),
        quantity,
        price,
      });
      const held = quantity - quantity * 0.001;
      const position = await readPosition(store, bot.name, SYMBOL);
      expect(position.quantity).toBeCloseTo(held, 12);
      expect(position.avgPrice).toBe(price);
      const cash = (await readRuntime(store, bot.name))?.cash ?? Number.NaN;
      expect(cash).toBeCloseTo(CAPITAL - quantity * price, 8);
      expect(fake.balance('BTC').free).toBeCloseTo(held, 12);
      expect(fake.balance('USDT').free).toBeCloseTo(10_000 - quantity * price, 8);

      // The next bar: reconciled on the tick, nothing more to do.
      clock.set(closeOf(ENTRY + 1));
      expect(await first.tick()).toEqual({ bars: 1, barTime: barTime(ENTRY + 1) });
      await first.stop();

      // A restart: a new runner (and strategy) reloads the books and reconciles with the account.
      const second = runner(store, bot, { broker, feed, clock, ownAccount: false });
      await second.boot();
      expect(second.book).toEqual({ position: position.quantity, avgPrice: price, cash });
      for (let index = ENTRY + 2; index < ENTRY + 4; index++) {
        clock.set(closeOf(index));
        expect(await second.tick()).toEqual({ bars: 1, barTime: barTime(index) });
      }
      await second.stop();
      expect(posts(fake)).toHaveLength(1);
      expect(fake.orders).toHaveLength(1);
      expect(await ordersOf(store, bot.name)).toHaveLength(1);
      expect(await fillsOf(store, bot.name)).toHaveLength(1);
      expect((await readFlags(store, bot.name)).halted).toBe(false);
    });

    it('a runner killed right after the exchange took the order: the restart re-processes the bar and sends nothing', async () => {
      const bot = await registerExchangeBot(store, 'live-crash', 'live');
      const clock = new ManualClock(closeOf(START - 1));
      // The process dies after the order went out and before its answer was recorded.
      const dying = new DyingBroker(broker);
      const first = runner(store, bot, { broker: dying, feed, clock, ownAccount: false });
      await first.boot();
      clock.set(closeOf(ENTRY));
      expect(await errorOf(first.tick())).toBeInstanceOf(Killed);
      const id = clientOrderId(bot.name, barTime(ENTRY), 1);
      const { quantity, price } = exchangeEntry(id);
      // The ledger knows the order may have gone (status new), but not its fill, nor the bar as done.
      expect((await ordersOf(store, bot.name)).map((o) => [o.clientOrderId, o.status])).toEqual([[id, 'new']]);
      expect(await fillsOf(store, bot.name)).toEqual([]);
      expect((await readRuntime(store, bot.name))?.lastBarTime).toBe(barTime(START - 1));
      await first.stop('crashed');

      const second = runner(store, bot, { broker, feed, clock, ownAccount: false });
      await second.boot(); // catches up with the fill before reconciling: no halt
      expect(second.book.position).toBeCloseTo(quantity * 0.999, 12); // the buy's fee was paid in BTC
      const postsBefore = posts(fake).length;
      // The same bar again: the strategy buys again, the desk finds the entry done.
      expect(await second.tick()).toEqual({ bars: 1, barTime: barTime(ENTRY) });
      expect(posts(fake)).toHaveLength(postsBefore);
      expect(posts(fake)).toHaveLength(1);
      expect(fake.orders.filter((o) => o.clientOrderId === id)).toHaveLength(1);
      const orders = await ordersOf(store, bot.name);
      expect(orders.map((o) => [o.clientOrderId, o.status, o.filledQuantity])).toEqual([[id, 'filled', quantity]]);
      expect(await fillsOf(store, bot.name)).toHaveLength(1);
      expect(await readPosition(store, bot.name, SYMBOL)).toEqual({
        quantity: expect.closeTo(quantity * 0.999, 12),
        avgPrice: price,
      });
      expect((await readRuntime(store, bot.name))?.lastBarTime).toBe(barTime(ENTRY));
      await second.stop();
    });

    it('BTC on the account the bot does not know of halts the boot, and nothing is sent', async () => {
      const bot = await registerExchangeBot(store, 'live-foreign', 'live');
      fake.setBalance('BTC', 0.25);
      const clock = new ManualClock(closeOf(START - 1));
      const run = runner(store, bot, { broker, feed, clock, ownAccount: false });
      const error = await errorOf(run.boot());
      expect(error).toBeInstanceOf(SafetyError);
      expect(error?.message).toContain('reconciliation mismatch on boot');
      expect(error?.message).toContain(`broker holds 0.25 ${SYMBOL}`);
      const flags = await readFlags(store, bot.name);
      expect(flags.halted).toBe(true);
      expect(flags.haltedReason).toContain('broker holds 0.25');
      expect((await eventsOf(store, { bot: bot.name, kinds: ['halted'] })).length).toBe(1);
      expect((await readRuntime(store, bot.name))?.leaseOwner).toBeNull();

      // Ticking is impossible, and a second boot refuses as well.
      expect(await errorOf(run.tick())).toBeInstanceOf(Error);
      clock.set(closeOf(ENTRY));
      expect(await errorOf(run.boot())).toBeInstanceOf(SafetyError);
      expect(posts(fake)).toEqual([]);
      expect(fake.orders).toEqual([]);
      expect(await ordersOf(store, bot.name)).toEqual([]);
      expect(fake.balance('BTC').free).toBe(0.25);
    });

    it('an order request the exchange never answers fails the tick; the next tick sends it exactly once', async () => {
      const bot = await registerExchangeBot(store, 'live-hang', 'live');
      const clock = new ManualClock(closeOf(START - 1));
      const run = runner(store, bot, { broker, feed, clock, ownAccount: false });
      await run.boot();
      clock.set(closeOf(ENTRY));
      fake.hangTradingNext(1, 'POST /api/v3/order');
      const started = Date.now();
      const error = await errorOf(run.tick());
      expect(error).toBeInstanceOf(BrokerUnavailableError);
      expect(error).toBeInstanceOf(FleetError);
      expect(Date.now() - started).toBeLessThan(5_000);
      const id = clientOrderId(bot.name, barTime(ENTRY), 1);
      expect(posts(fake).map((r) => r.body.newClientOrderId)).toEqual([id]);
      expect(fake.orders).toEqual([]);
      // Persisted before sending: the ledger holds it as new, with nothing filled and the bar not done.
      expect((await ordersOf(store, bot.name)).map((o) => [o.clientOrderId, o.status])).toEqual([[id, 'new']]);
      expect(await readPosition(store, bot.name, SYMBOL)).toEqual({ quantity: 0, avgPrice: 0 });
      expect((await readRuntime(store, bot.name))?.lastBarTime).toBe(barTime(START - 1));

      // The fault has cleared: the same bar is retried; the broker asks for the id, then sends it.
      expect(await run.tick()).toEqual({ bars: 1, barTime: barTime(ENTRY) });
      const { quantity, price } = exchangeEntry(id);
      expect(posts(fake).map((r) => r.body.newClientOrderId)).toEqual([id, id]);
      const lookups = fake.trading().filter((r) => r.method === 'GET' && r.path === '/api/v3/order');
      expect(lookups.some((r) => r.query.origClientOrderId === id)).toBe(true);
      expect((await ordersOf(store, bot.name)).map((o) => [o.clientOrderId, o.status])).toEqual([[id, 'filled']]);
      expect(await readPosition(store, bot.name, SYMBOL)).toEqual({
        quantity: expect.closeTo(quantity * 0.999, 12),
        avgPrice: price,
      });

      // And again on the next bar: nothing more goes out.
      clock.set(closeOf(ENTRY + 1));
      await run.tick();
      expect(posts(fake)).toHaveLength(2);
      expect(fake.orders).toHaveLength(1);
      await run.stop();
    });
  });
});
