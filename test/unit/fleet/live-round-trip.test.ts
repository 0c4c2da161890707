import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CcxtBroker, createCcxtBroker, createCcxtFeed, ManualClock } from '../../../src/broker/index.js';
import type { BarFeed } from '../../../src/core/index.js';
import { fleetPnl } from '../../../src/fleet/index.js';
import type { BotRunner } from '../../../src/runner/index.js';
import { type BotRecord, fillsOf, ordersOf, readPosition, readRuntime, type Store } from '../../../src/store/index.js';
import type { Strategy } from '../../../src/strategy/index.js';
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

/**
 * A live spot round trip end to end: a runner buys and later sells through ccxt on the fake
 * Binance, which takes the buy's 0.1% fee in BTC, so the exit sells less than the entry bought.
 * fleet pnl (and the promotion gate, which counts the same round trips) must see one closed trade.
 */

const ENTRY = START;
const EXIT = START + 2;

describe.each(BACKENDS)('a live round trip paying its buy fee in BTC (%s)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let fake: FakeExchange;
  let broker: CcxtBroker;
  let feed: BarFeed;

  beforeAll(async () => {
    fake = await startFakeExchange();
    database = await createTestDatabase(backend);
    store = await database.open();
    broker = await createCcxtBroker({
      exchange: 'binance',
      apiBaseUrl: fake.url,
      env: KEYS,
      symbols: [SYMBOL],
      timeoutMs: 2_000,
    });
    feed = createCcxtFeed({ exchange: 'binance', apiBaseUrl: fake.url, timeoutMs: 2_000 });
  }, 60_000);
  afterAll(async () => {
    await broker?.close();
    await fake?.close();
    await database?.cleanup();
  });

  const liveRunner = (bot: BotRecord, clock: ManualClock, strategy: Strategy): BotRunner =>
    exchangeRunner(store, bot, { strategy, broker, feed, clock, ownAccount: false });

  it('closes in fleet pnl with the P&L the runner booked', async () => {
    const bot = await registerExchangeBot(store, 'live-trip', 'live');
    const clock = new ManualClock(closeOf(START - 1));
    const runner = liveRunner(bot, clock, longBetween(barTime(ENTRY), barTime(EXIT)));
    await runner.boot();
    for (let index = START; index <= EXIT + 1; index++) {
      fake.setPrice(SYMBOL_ID, fakeClose(index));
      clock.set(closeOf(index));
      await runner.tick();
    }
    await runner.stop();

    // The exchange took the buy's fee in BTC and sold whole lot steps of what was left.
    const [buy, sell] = await fillsOf(store, bot.name);
    expect(buy.side).toBe('buy');
    expect(buy.baseFee).toBeCloseTo(buy.quantity * 0.001, 15);
    expect(sell).toMatchObject({ side: 'sell', baseFee: 0, closesPosition: true });
    const dust = buy.quantity - buy.baseFee - sell.quantity;
    expect(dust).toBeGreaterThan(0);
    expect(dust).toBeLessThan(0.00001);
    const position = await readPosition(store, bot.name, SYMBOL);
    expect(position.quantity).toBeCloseTo(dust, 12);
    expect(fake.balance('BTC').free).toBeCloseTo(dust, 12);
    const cash = (await readRuntime(store, bot.name))?.cash ?? Number.NaN;

    const row = (await fleetPnl(store)).bots.find((b) => b.bot === bot.name);
    expect(row).toMatchObject({ tradesClosed: 1 });
    expect(row?.realised).toBeCloseTo(sell.quantity * (sell.price - buy.price) - buy.fee - sell.fee, 8);
    // What the trade did to cash, but for the dust still held at what it cost.
    expect(row?.realised).toBeCloseTo(cash - CAPITAL + dust * buy.price, 8);
    expect(row?.fees).toBeCloseTo(buy.fee + sell.fee, 12);

    // The dust is below the market's smallest order: the bot counts as flat and buys again.
    const again = liveRunner(bot, clock, longBetween(barTime(EXIT + 2), barTime(EXIT + 10)));
    await again.boot();
    for (let index = EXIT + 2; index <= EXIT + 3; index++) {
      fake.setPrice(SYMBOL_ID, fakeClose(index));
      clock.set(closeOf(index));
      await again.tick();
    }
    await again.stop();
    const fills = await fillsOf(store, bot.name);
    expect(fills.map((f) => f.side)).toEqual(['buy', 'sell', 'buy']);
    const held = (await readPosition(store, bot.name, SYMBOL)).quantity;
    expect(held).toBeCloseTo(dust + fills[2].quantity - fills[2].baseFee, 12);
    expect(fake.balance('BTC').free).toBeCloseTo(held, 12);
  });

  it('keeps the stop itself on an exchange that holds none: a market exit once the price crosses it', async () => {
    fake.reset();
    const bot = await registerExchangeBot(store, 'live-stop', 'live');
    const clock = new ManualClock(closeOf(START - 1));
    const strategy: Strategy = {
      ...longBetween(barTime(ENTRY), barTime(ENTRY + 100)),
      risk: { stopLoss: 0.02, takeProfit: Number.NaN, positionSize: 1 },
    };
    const runner = liveRunner(bot, clock, strategy);
    await runner.boot();
    const tickAt = async (index: number, price: number) => {
      fake.setPrice(SYMBOL_ID, price);
      clock.set(closeOf(index));
      await runner.tick();
    };
    await tickAt(ENTRY, fakeClose(ENTRY));
    const entry = (await readPosition(store, bot.name, SYMBOL)).avgPrice;
    expect(fake.orders.map((o) => [o.side, o.type])).toEqual([['BUY', 'MARKET']]);
    await tickAt(ENTRY + 1, entry * 0.99); // above the stop (entry − 2 %): nothing
    expect(fake.orders).toHaveLength(1);
    await tickAt(ENTRY + 2, entry * 0.97);
    expect(fake.orders.map((o) => [o.side, o.type, o.status])).toEqual([
      ['BUY', 'MARKET', 'FILLED'],
      ['SELL', 'MARKET', 'FILLED'],
    ]);
    const exit = (await ordersOf(store, bot.name)).find((o) => o.side === 'sell');
    expect(exit).toMatchObject({ role: 'stop', type: 'market', status: 'filled', reduceOnly: true });
    // What is left is dust: the runner is flat, and nothing else is sent however often it looks.
    await tickAt(ENTRY + 3, entry * 0.9);
    expect(fake.orders).toHaveLength(2);
    expect(Math.abs((await readPosition(store, bot.name, SYMBOL)).quantity)).toBeLessThan(0.00001);
    await runner.stop();
  });
});
