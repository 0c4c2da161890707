import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CcxtBroker, createCcxtBroker, createCcxtFeed, ManualClock } from '../../../src/broker/index.js';
import { type BarFeed, timeframeMs } from '../../../src/core/index.js';
import { fleetPnl } from '../../../src/fleet/index.js';
import { DEFAULT_RISK_LIMITS } from '../../../src/risk/index.js';
import { BotRunner } from '../../../src/runner/index.js';
import {
  type BotRecord,
  fillsOf,
  getBot,
  ordersOf,
  readPosition,
  readRuntime,
  registerBots,
  type Store,
  setBotMode,
} from '../../../src/store/index.js';
import { FLAT, type Strategy } from '../../../src/strategy/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { type FakeExchange, fakeBar, startFakeExchange } from '../../helpers/fake-exchange.js';
import { RIG_COSTS } from '../../helpers/runner-rig.js';
import { SCRIPT_TRANSITIONS } from '../../helpers/scripted-strategy.js';

/**
 * A live spot round trip end to end: a runner buys and later sells through ccxt on the fake
 * Binance, which takes the buy's 0.1% fee in BTC, so the exit sells less than the entry bought.
 * fleet pnl (and the promotion gate, which counts the same round trips) must see one closed trade.
 */

const SYMBOL = 'BTC/USDT';
const SYMBOL_ID = 'BTCUSDT';
const TF_MS = timeframeMs('1m');
const CAPITAL = 1_000;
const START = 5;
const ENTRY = START;
const EXIT = START + 2;
const KEYS = { BINANCE_API_KEY: 'k', BINANCE_SECRET: 's' };

// The fake serves bars only up to the real time, so the manual clock runs half an hour behind it.
const BASE = Math.floor(Date.now() / TF_MS) * TF_MS - 30 * TF_MS;
const barTime = (index: number): number => BASE + index * TF_MS;
const closeOf = (index: number): number => barTime(index + 1);
const fakeClose = (index: number): number => fakeBar(SYMBOL_ID, TF_MS, barTime(index))[4];

/** Long on the bar opening at `entry`, flat again on the bar opening at `exit`. */
function longBetween(entry: number, exit: number): Strategy {
  const buy = SCRIPT_TRANSITIONS.findIndex((t) => t.on === 'buy');
  const sell = SCRIPT_TRANSITIONS.findIndex((t) => t.on === 'sell');
  return {
    name: 'long-between',
    transitions: SCRIPT_TRANSITIONS,
    initialState: FLAT,
    risk: { stopLoss: Number.NaN, takeProfit: Number.NaN, positionSize: 1 },
    onBar: (bars, index, state) => {
      if (bars.time[index] === entry && state === FLAT) return buy;
      if (bars.time[index] === exit && state !== FLAT) return sell;
      return -1;
    },
    reset() {},
  };
}

async function registerLiveBot(store: Store, name: string): Promise<BotRecord> {
  await registerBots(store, [
    {
      name,
      spec: { name: 'scripted' },
      params: {},
      symbol: SYMBOL,
      exchange: 'binance',
      timeframe: '1m',
      capital: CAPITAL,
      risk: {},
      config: {},
    },
  ]);
  await setBotMode(store, name, 'live', { actor: 'test', reason: 'live round trip test' });
  const bot = await getBot(store, name);
  if (bot === undefined) throw new Error(`bot ${name} was not registered`);
  return bot;
}

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
    new BotRunner({
      store,
      bot,
      strategy,
      broker,
      feed,
      clock,
      costs: RIG_COSTS,
      limits: DEFAULT_RISK_LIMITS,
      owner: `test:${process.pid}`,
      leaseTtlMs: 60_000,
      warmupBars: START,
      ownAccount: false,
      quote: 'USDT',
    });

  it('closes in fleet pnl with the P&L the runner booked', async () => {
    const bot = await registerLiveBot(store, 'live-trip');
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
    const bot = await registerLiveBot(store, 'live-stop');
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
