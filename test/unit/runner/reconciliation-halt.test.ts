import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimExchange } from '../../../src/broker/index.js';
import { ExitCode, SafetyError } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import type { BotRunner } from '../../../src/runner/index.js';
import {
  applyFill,
  type BotRecord,
  eventsOf,
  insertOrder,
  markOrder,
  ordersOf,
  readFlags,
  readRuntime,
  type Store,
  StoreSandboxLedger,
  setFlags,
  updateOrderFromReport,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import {
  RecordingBroker,
  RIG_SYMBOL,
  RIG_TIMEFRAME,
  registerRigBot,
  rigExchange,
  rigRunner,
} from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

const START = 100;
const candles = generateSandboxCandles({ symbol: RIG_SYMBOL, timeframe: RIG_TIMEFRAME, bars: 160, seed: 3 });

interface Setup {
  readonly bot: BotRecord;
  readonly exchange: SimExchange;
  readonly broker: RecordingBroker;
  readonly runner: BotRunner;
  /** Moves the clock to the close of bar `index`. */
  at(index: number): void;
}

/** A registered bot, its exchange account (books in the database) and a runner, not yet booted. */
async function setUp(store: Store, name: string): Promise<Setup> {
  const bot = await registerRigBot(store, name);
  const { clock, exchange } = rigExchange({ name, candles, start: START, ledger: new StoreSandboxLedger(store) });
  const broker = new RecordingBroker(exchange);
  // A strategy that would buy on the first traded bar: were the runner to trade despite the
  // mismatch, an order would reach the exchange.
  const strategy = scriptedStrategy({ [START]: 'buy', [START + 1]: 'buy' });
  const runner = rigRunner(store, bot, { clock, broker, feed: exchange, strategy, start: START });
  return { bot, exchange, broker, runner, at: (index) => clock.set(candles.time[index] + 60_000) };
}

/** Every order the exchange holds for the account, whoever placed it. */
async function exchangeOrders(store: Store, account: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('sandbox_orders')
    .select('client_order_id')
    .where('account', '=', account)
    .orderBy('client_order_id')
    .execute();
  return rows.map((row) => row.client_order_id);
}

/** A position in the bot's ledger only, as if a fill had been recorded that the exchange never made. */
async function ledgerOnlyFill(store: Store, bot: BotRecord, quantity: number, price: number, clientOrderId: string) {
  const order = await insertOrder(store, {
    bot: bot.name,
    clientOrderId,
    symbol: RIG_SYMBOL,
    side: 'buy',
    type: 'market',
    quantity,
    reduceOnly: false,
    role: 'entry',
    barTime: candles.time[START - 2],
    mode: 'paper',
  });
  const fee = quantity * price * 0.001;
  await applyFill(store, {
    bot: bot.name,
    orderId: order.id,
    symbol: RIG_SYMBOL,
    fill: { id: `${clientOrderId}-1`, quantity, price, fee, time: candles.time[START - 1] },
    position: { quantity, avgPrice: price },
    cash: bot.capital - quantity * price - fee,
  });
  return order;
}

interface Expectation {
  readonly kind: string;
  /** Words the halt reason must contain. */
  readonly words: readonly string[];
}

/** Boot must refuse with a SafetyError, halt the bot, alert, release the lease, and send nothing. */
async function expectHaltOnBoot(store: Store, setup: Setup, expected: Expectation): Promise<void> {
  const name = setup.bot.name;
  const before = await exchangeOrders(store, name);
  const positionsBefore = await setup.exchange.positions();
  const booted = await setup.runner.boot().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(booted).toBeInstanceOf(SafetyError);
  expect((booted as SafetyError).exitCode).toBe(ExitCode.safety);
  expect((booted as SafetyError).exitCode).toBe(3);
  expect((booted as Error).message).toContain('reconciliation mismatch on boot');

  const flags = await readFlags(store, name);
  expect(flags.halted).toBe(true);
  expect(flags.haltedReason).toContain('reconciliation mismatch on boot');
  for (const word of expected.words) expect(flags.haltedReason).toContain(word);

  const alerts = await eventsOf(store, { bot: name, levels: ['alert'] });
  expect(alerts.map((e) => e.kind)).toContain('halted');
  const [details] = await eventsOf(store, { bot: name, kinds: ['halt_details'] });
  const kinds = (details.data as { mismatches: Array<{ kind: string }> }).mismatches.map((m) => m.kind);
  expect(kinds).toContain(expected.kind);

  // Nothing was sent, and the exchange's books are as they were.
  expect(setup.broker.placed).toEqual([]);
  expect(await exchangeOrders(store, name)).toEqual(before);
  expect(await setup.exchange.positions()).toEqual(positionsBefore);
  expect((await eventsOf(store, { bot: name, kinds: ['started'] })).length).toBe(0);

  // The lease went back: nobody is running the bot.
  const runtime = await readRuntime(store, name);
  expect(runtime?.leaseOwner).toBeNull();
}

describe.each(BACKENDS)('reconciliation halts on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  }, 60_000);
  afterAll(() => database?.cleanup());

  it('an extra position (a foreign trade on the bot’s account) halts the bot on boot', async () => {
    const setup = await setUp(store, 'extra');
    const foreign = await setup.exchange.placeOrder({
      clientOrderId: 'foreign-buy',
      symbol: RIG_SYMBOL,
      side: 'buy',
      type: 'market',
      quantity: 1,
    });
    expect(foreign.status).toBe('filled');
    await expectHaltOnBoot(store, setup, { kind: 'extra_position', words: ['broker holds 1', RIG_SYMBOL] });
    // The foreign order was never adopted into the bot's ledger.
    expect(await ordersOf(store, 'extra')).toEqual([]);
  });

  it('a missing position (the ledger holds what the exchange does not) halts the bot on boot', async () => {
    const setup = await setUp(store, 'missing');
    await markOrder(store, (await ledgerOnlyFill(store, setup.bot, 2, 100, 'ghost-entry')).clientOrderId, 'filled');
    await expectHaltOnBoot(store, setup, { kind: 'missing_position', words: ['ledger holds 2', 'broker holds none'] });
  });

  it('an unknown open order on the exchange halts the bot on boot; it stays halted until cleared', async () => {
    const setup = await setUp(store, 'unknown');
    const resting = await setup.exchange.placeOrder({
      clientOrderId: 'foreign-bid',
      symbol: RIG_SYMBOL,
      side: 'buy',
      type: 'limit',
      quantity: 1,
      price: candles.close[START - 1] * 0.5,
    });
    expect(resting.status).toBe('open');
    await expectHaltOnBoot(store, setup, { kind: 'unknown_open_order', words: ['foreign-bid'] });

    // Once halted, a runner refuses to start at all, even when the books agree again.
    await setup.exchange.cancelOrder('foreign-bid', RIG_SYMBOL);
    const again = await setup.runner.boot().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(SafetyError);
    expect((again as Error).message).toContain("bot 'unknown' is halted");
    expect((again as Error).message).toContain('fleet resume unknown');
    expect((await readRuntime(store, 'unknown'))?.leaseOwner).toBeNull();
    expect(setup.broker.placed).toEqual([]);

    // A human clears the halt: it boots, and trades.
    await setFlags(store, 'unknown', { halted: false }, { actor: 'test' });
    await setup.runner.boot();
    expect((await readRuntime(store, 'unknown'))?.leaseOwner).toBe(`test:${process.pid}`);
    setup.at(START);
    await setup.runner.tick();
    expect(setup.broker.placed.map((p) => p.request.side)).toEqual(['buy']);
    expect(setup.broker.placed[0].report.status).toBe('filled');
    await setup.runner.stop();
    expect((await readRuntime(store, 'unknown'))?.leaseOwner).toBeNull();
  });

  it('a quantity drift between ledger and exchange halts the bot on boot', async () => {
    const setup = await setUp(store, 'drift');
    const price = candles.open[START];
    const report = await setup.exchange.placeOrder({
      clientOrderId: 'shared-entry',
      symbol: RIG_SYMBOL,
      side: 'buy',
      type: 'market',
      quantity: 1,
    });
    expect(report.status).toBe('filled');
    // The ledger recorded the same order, but a slightly different quantity.
    const order = await ledgerOnlyFill(store, setup.bot, 1.0005, price, 'shared-entry');
    await updateOrderFromReport(store, order.clientOrderId, report);
    await expectHaltOnBoot(store, setup, { kind: 'quantity_drift', words: ['ledger 1.0005', 'broker 1'] });
    const [details] = await eventsOf(store, { bot: 'drift', kinds: ['halt_details'] });
    const kinds = (details.data as { mismatches: Array<{ kind: string }> }).mismatches.map((m) => m.kind);
    expect(kinds).not.toContain('extra_position');
    expect(kinds).not.toContain('missing_position');
  });

  it('a mismatch that appears while running halts the bot on its next tick, before it trades', async () => {
    const setup = await setUp(store, 'midrun');
    await setup.runner.boot();
    setup.at(START - 1);
    await setup.runner.tick();
    // Someone trades on the bot's account behind its back.
    await setup.exchange.placeOrder({
      clientOrderId: 'intruder',
      symbol: RIG_SYMBOL,
      side: 'sell',
      type: 'market',
      quantity: 0.5,
    });
    const before = await exchangeOrders(store, 'midrun');
    setup.at(START);
    const ticked = await setup.runner.tick().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(ticked).toBeInstanceOf(SafetyError);
    const flags = await readFlags(store, 'midrun');
    expect(flags.halted).toBe(true);
    expect(flags.haltedReason).toContain('reconciliation mismatch on tick');
    expect(flags.haltedReason).toContain('broker holds -0.5');
    // The scripted buy on bar START never left.
    expect(setup.broker.placed).toEqual([]);
    expect(await exchangeOrders(store, 'midrun')).toEqual(before);
    expect((await eventsOf(store, { bot: 'midrun', levels: ['alert'], kinds: ['halted'] })).length).toBe(1);
  });
});
