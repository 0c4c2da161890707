import { afterAll, beforeAll } from 'vitest';
import {
  createAlpacaBroker,
  createCcxtBroker,
  createPaperBroker,
  createReplayExchange,
  createSandboxExchange,
  ManualClock,
  MemorySandboxLedger,
  type SimExchange,
} from '../../src/broker/index.js';
import type { SandboxLedger } from '../../src/core/index.js';
import { StoreSandboxLedger } from '../../src/store/index.js';
import {
  type BrokerRig,
  describeBrokerConformance,
  FAKE_ALPACA_KEYS,
  type FakeAlpaca,
  type FakeExchange,
  startFakeAlpaca,
  startFakeExchange,
} from '../../src/testing/index.js';
import { candlesFrom } from '../helpers/candles.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

// Every Broker in fleet through the one contract (src/testing/broker-conformance.ts). A new broker
// gets the whole of it from one more describeBrokerConformance line.

let database: TestDatabase;
let storeLedger: StoreSandboxLedger;
beforeAll(async () => {
  database = await createTestDatabase('embedded');
  storeLedger = new StoreSandboxLedger(await database.open());
});
afterAll(() => database?.cleanup());

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const costs = { feeBps: 10, slippageBps: 5 };
const FLAT = [100, 100, 100, 100] as const;

/** A rig over a simulated exchange: `make` builds it on a ledger; a restart builds it again. */
async function simRig(
  symbol: string,
  make: (ledger: SandboxLedger) => SimExchange,
  ledger: SandboxLedger = new MemorySandboxLedger(),
): Promise<BrokerRig> {
  const broker = make(ledger);
  const price = await broker.lastPrice(symbol);
  return {
    broker,
    restart: async () => make(ledger),
    symbol,
    base: symbol.split('/')[0],
    quote: 'USDT',
    quantity: 1000 / price,
    restingBuyPrice: price / 2,
  };
}

describeBrokerConformance('sandbox exchange', () => {
  const clock = new ManualClock(Date.UTC(2025, 2, 3, 10, 17, 23));
  const symbols = ['SBX-TREND'];
  return simRig('SBX-TREND', (ledger) =>
    createSandboxExchange({ account: 'c', ledger, clock, timeframe: '1h', costs, initialCash: 10_000, symbols }),
  );
});

let accounts = 0;
describeBrokerConformance('sandbox exchange on the database ledger', () => {
  const clock = new ManualClock(Date.UTC(2025, 2, 3, 10, 17, 23));
  const [account, symbols] = [`c${accounts++}`, ['SBX-QUIET']];
  return simRig(
    'SBX-QUIET',
    (ledger) => createSandboxExchange({ account, ledger, clock, timeframe: '1h', costs, initialCash: 10_000, symbols }),
    storeLedger,
  );
});

const replay = (account: string, ledger: SandboxLedger, clock: ManualClock, initialCash = 10_000) =>
  createReplayExchange({
    account,
    ledger,
    clock,
    timeframe: '1h',
    costs,
    initialCash,
    candles: { 'BTC/USDT': candlesFrom([FLAT, FLAT, FLAT, FLAT]) },
  });

describeBrokerConformance('replay exchange', () => {
  const clock = new ManualClock(T0 + H + 60_000);
  return simRig('BTC/USDT', (ledger) => replay('c', ledger, clock));
});

describeBrokerConformance('paper broker', () => {
  const clock = new ManualClock(T0 + 2 * H + 60_000);
  const feed = replay('feed', new MemorySandboxLedger(), clock, 0);
  return simRig('BTC/USDT', (ledger) =>
    createPaperBroker({ account: 'c', ledger, clock, feed, timeframe: '1h', costs, initialCash: 10_000 }),
  );
});

// The venues below are fakes on 127.0.0.1 driven by the real ccxt and Alpaca clients.
let binance: FakeExchange;
let alpaca: FakeAlpaca;
beforeAll(async () => {
  [binance, alpaca] = await Promise.all([startFakeExchange({ apiKey: 'conf-key' }), startFakeAlpaca()]);
});
afterAll(async () => {
  await Promise.all([binance?.close(), alpaca?.close()]);
});

describeBrokerConformance('ccxt broker (binance)', async () => {
  binance.reset();
  binance.setPrice('BTCUSDT', 100);
  const make = () =>
    createCcxtBroker({
      exchange: 'binance',
      env: { BINANCE_API_KEY: 'conf-key', BINANCE_SECRET: 'conf-secret' },
      apiBaseUrl: binance.url,
      timeoutMs: 2000,
      symbols: ['BTC/USDT'],
    });
  return {
    broker: await make(),
    restart: make,
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    quantity: 0.5,
    restingBuyPrice: 90,
    venueOrders: () => binance.orders.length,
    partialFills: { begin: (fraction) => binance.partialFills(fraction), fillRest: (id) => void binance.fill(id) },
  };
});

describeBrokerConformance('alpaca broker', async () => {
  alpaca.reset();
  alpaca.account.prices.set('AAPL', 200);
  const make = () =>
    createAlpacaBroker({
      paper: true,
      env: FAKE_ALPACA_KEYS,
      apiBaseUrl: alpaca.url,
      timeoutMs: 2000,
      symbols: ['AAPL'],
    });
  return {
    broker: await make(),
    restart: make,
    symbol: 'AAPL',
    base: 'AAPL',
    quote: 'USD',
    quantity: 2.5,
    restingBuyPrice: 150,
    venueOrders: () => alpaca.orders.length,
    partialFills: { begin: (fraction) => alpaca.partialFills(fraction), fillRest: (id) => void alpaca.fill(id) },
  };
});
