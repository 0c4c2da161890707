import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderReport } from '../../../src/core/index.js';
import {
  activeOrders,
  applyFill,
  countOrdersSince,
  eventsOf,
  fillsOf,
  findOrder,
  insertOrder,
  markOrder,
  type NewLedgerOrder,
  ordersOf,
  positionsOf,
  readPosition,
  readRuntime,
  registerBots,
  type Store,
  updateOrderFromReport,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const order = (bot: string, clientOrderId: string, overrides: Partial<NewLedgerOrder> = {}): NewLedgerOrder => ({
  bot,
  clientOrderId,
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  quantity: 0.123456789,
  reduceOnly: false,
  role: 'entry',
  barTime: 1_700_000_000_000,
  mode: 'paper',
  ...overrides,
});

const report = (clientOrderId: string, overrides: Partial<OrderReport> = {}): OrderReport => ({
  clientOrderId,
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  quantity: 0.123456789,
  status: 'open',
  filledQuantity: 0,
  fee: 0,
  fills: [],
  updatedAt: 1_700_000_000_500,
  ...overrides,
});

describe.each(BACKENDS)('orders and fills on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await registerBots(store, [
      botDeclaration('trader', { capital: 1000 }),
      botDeclaration('idle'),
      botDeclaration('fee-payer', { capital: 1000 }),
      botDeclaration('closer', { capital: 1000 }),
    ]);
  });
  afterAll(() => database?.cleanup());

  it('persists an order as new, once per client order id', async () => {
    const first = await insertOrder(store, order('trader', 'c-1', { type: 'limit', price: 0.1 + 0.2 }));
    expect(first).toMatchObject({
      bot: 'trader',
      clientOrderId: 'c-1',
      status: 'new',
      quantity: 0.123456789,
      price: 0.1 + 0.2,
      filledQuantity: 0,
      fee: 0,
      barTime: 1_700_000_000_000,
      mode: 'paper',
      role: 'entry',
      reduceOnly: false,
    });
    expect(first.exchangeOrderId).toBeUndefined();
    expect(first.averagePrice).toBeUndefined();
    expect(first.reason).toBeUndefined();
    const again = await insertOrder(store, order('trader', 'c-1', { quantity: 5, side: 'sell' }));
    expect(again).toEqual(first);
    expect(await findOrder(store, 'c-1')).toEqual(first);
    expect(await findOrder(store, 'c-missing')).toBeUndefined();
  });

  it('follows broker reports and marks, listing the active orders oldest first', async () => {
    await insertOrder(store, order('trader', 'r-1'));
    await insertOrder(store, order('trader', 'r-2', { role: 'stop', type: 'stop', price: 90, side: 'sell' }));
    await insertOrder(store, order('trader', 'r-3', { role: 'exit', side: 'sell', reduceOnly: true }));
    await insertOrder(store, order('idle', 'r-other'));
    await updateOrderFromReport(
      store,
      'r-1',
      report('r-1', {
        exchangeOrderId: 'X-1',
        status: 'partially_filled',
        filledQuantity: 0.1,
        averagePrice: 100.5,
        fee: 0.01,
      }),
    );
    expect(await findOrder(store, 'r-1')).toMatchObject({
      exchangeOrderId: 'X-1',
      status: 'partially_filled',
      filledQuantity: 0.1,
      averagePrice: 100.5,
      fee: 0.01,
    });
    // A later report without an exchange id keeps the stored one.
    await updateOrderFromReport(store, 'r-1', report('r-1', { status: 'filled', filledQuantity: 0.123456789 }));
    expect(await findOrder(store, 'r-1')).toMatchObject({ exchangeOrderId: 'X-1', status: 'filled' });
    await updateOrderFromReport(store, 'r-2', report('r-2', { exchangeOrderId: 'X-2', status: 'open' }));
    await markOrder(store, 'r-3', 'rejected', 'risk:max-position: too big');
    expect(await findOrder(store, 'r-3')).toMatchObject({ status: 'rejected', reason: 'risk:max-position: too big' });
    await expect(markOrder(store, 'r-none', 'cancelled')).rejects.toThrow('r-none');
    await expect(updateOrderFromReport(store, 'r-none', report('r-none'))).rejects.toThrow('r-none');

    const active = await activeOrders(store, 'trader');
    expect(active.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['c-1', 'new'],
      ['r-2', 'open'],
    ]);
    expect(active[1]).toMatchObject({ role: 'stop', type: 'stop', price: 90, side: 'sell' });

    // Sent (or possibly sent): all but the order refused before it reached an exchange.
    const since = new Date(Date.now() - 60_000);
    expect(await countOrdersSince(store, 'trader', since)).toBe(3);
    expect(await countOrdersSince(store, 'trader', new Date(Date.now() + 60_000))).toBe(0);
    expect((await ordersOf(store, 'trader')).map((o) => o.clientOrderId)).toEqual(['c-1', 'r-1', 'r-2', 'r-3']);
    expect((await ordersOf(store, 'trader', { limit: 2 })).map((o) => o.clientOrderId)).toEqual(['r-2', 'r-3']);
    expect(await ordersOf(store, 'trader', { since: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('applies a fill with its position and cash once, however often it is reported', async () => {
    const entry = await insertOrder(store, order('trader', 'f-1', { quantity: 2 }));
    expect(await readPosition(store, 'trader', 'BTC/USDT')).toEqual({ quantity: 0, avgPrice: 0 });
    const fill = { id: 'T-1', quantity: 1.5, price: 100.1, fee: 0.15015, time: 1_700_000_001_000 };
    const application = {
      bot: 'trader',
      orderId: entry.id,
      symbol: 'BTC/USDT',
      fill,
      position: { quantity: 1.5, avgPrice: 100.1 },
      cash: 1000 - 1.5 * 100.1 - 0.15015,
    };
    expect(await applyFill(store, application)).toBe(true);
    // The same fill again, with a book the caller got wrong: nothing changes.
    expect(await applyFill(store, { ...application, position: { quantity: 3, avgPrice: 1 }, cash: 1 })).toBe(false);
    expect(await readPosition(store, 'trader', 'BTC/USDT')).toEqual({ quantity: 1.5, avgPrice: 100.1 });
    expect((await readRuntime(store, 'trader'))?.cash).toBe(1000 - 1.5 * 100.1 - 0.15015);

    const second = { id: 'T-2', quantity: 0.5, price: 101, fee: 0.0505, time: 1_700_000_002_000 };
    expect(
      await applyFill(store, {
        ...application,
        fill: second,
        position: { quantity: 2, avgPrice: 100.325 },
        cash: 1000 - 1.5 * 100.1 - 0.15015 - 0.5 * 101 - 0.0505,
      }),
    ).toBe(true);
    const fills = await fillsOf(store, 'trader');
    expect(fills).toEqual([
      {
        orderId: entry.id,
        clientOrderId: 'f-1',
        exchangeFillId: 'T-1',
        side: 'buy',
        role: 'entry',
        quantity: 1.5,
        price: 100.1,
        fee: 0.15015,
        baseFee: 0,
        time: new Date(fill.time),
        closesPosition: false,
      },
      expect.objectContaining({ exchangeFillId: 'T-2', time: new Date(second.time) }),
    ]);
    expect(await fillsOf(store, 'trader', { since: new Date(second.time) })).toHaveLength(1);
    expect(await fillsOf(store, 'idle')).toEqual([]);
    expect(await positionsOf(store, 'trader')).toEqual([{ symbol: 'BTC/USDT', quantity: 2, avgPrice: 100.325 }]);

    // Flat again: the position reads zero and is no longer listed.
    const exit = await insertOrder(store, order('trader', 'f-2', { side: 'sell', role: 'exit', quantity: 2 }));
    await applyFill(store, {
      ...application,
      orderId: exit.id,
      fill: { id: 'T-1', quantity: 2, price: 102, fee: 0.2, time: 1_700_000_003_000 },
      position: { quantity: 0, avgPrice: 0 },
      cash: 1200,
    });
    expect(await readPosition(store, 'trader', 'BTC/USDT')).toEqual({ quantity: 0, avgPrice: 0 });
    expect(await positionsOf(store, 'trader')).toEqual([]);
    expect((await readRuntime(store, 'trader'))?.cash).toBe(1200);
  });

  it('keeps the part of a fill’s fee paid in the base asset, exactly', async () => {
    // Binance's 0.1% of a buy, taken in BTC: the account receives quantity - baseFee.
    const buy = {
      id: 'B-1',
      quantity: 0.01234,
      price: 61_234.56,
      fee: 0.00001234 * 61_234.56,
      time: 1_700_000_000_000,
    };
    const entry = await insertOrder(store, order('fee-payer', 'b-1', { quantity: buy.quantity }));
    await applyFill(store, {
      bot: 'fee-payer',
      orderId: entry.id,
      symbol: 'BTC/USDT',
      fill: { ...buy, baseFee: 0.00001234 },
      position: { quantity: buy.quantity - 0.00001234, avgPrice: buy.price },
      cash: 1000 - buy.quantity * buy.price,
    });
    // A base fee small enough that String() writes it in exponent form.
    const sell = {
      id: 'B-2',
      quantity: 0.012,
      price: 62_000,
      fee: 1.5e-7 * 62_000,
      baseFee: 1.5e-7,
      time: 1_700_000_060_000,
    };
    const exit = await insertOrder(store, order('fee-payer', 'b-2', { side: 'sell', role: 'exit', quantity: 0.012 }));
    await applyFill(store, {
      bot: 'fee-payer',
      orderId: exit.id,
      symbol: 'BTC/USDT',
      fill: sell,
      position: { quantity: buy.quantity - 0.00001234 - 0.012 - 1.5e-7, avgPrice: buy.price },
      cash: 1000 - buy.quantity * buy.price + 0.012 * 62_000,
    });
    const fills = await fillsOf(store, 'fee-payer');
    expect(fills.map((f) => [f.exchangeFillId, f.quantity, f.fee, f.baseFee])).toEqual([
      ['B-1', buy.quantity, buy.fee, 0.00001234],
      ['B-2', sell.quantity, sell.fee, 1.5e-7],
    ]);
  });

  it('marks the last fill of a filled whole-position order as closing the position', async () => {
    const apply = (orderId: number, id: string, time: number) =>
      applyFill(store, {
        bot: 'closer',
        orderId,
        symbol: 'BTC/USDT',
        fill: { id, quantity: 1, price: 10, fee: 0, time },
        position: { quantity: 0, avgPrice: 0 },
        cash: 1000,
      });
    const entry = await insertOrder(store, order('closer', 'x-1', { quantity: 1 }));
    await apply(entry.id, 'X-1', 1_700_000_000_000);
    await markOrder(store, 'x-1', 'filled');
    const exit = await insertOrder(store, order('closer', 'x-2', { side: 'sell', role: 'exit', quantity: 2 }));
    await apply(exit.id, 'X-2', 1_700_000_001_000);
    await apply(exit.id, 'X-3', 1_700_000_002_000);
    const closing = async () => (await fillsOf(store, 'closer')).map((f) => [f.exchangeFillId, f.closesPosition]);
    // Still working at the exchange: more may come.
    expect(await closing()).toEqual([
      ['X-1', false],
      ['X-2', false],
      ['X-3', false],
    ]);
    await markOrder(store, 'x-2', 'filled');
    expect(await closing()).toEqual([
      ['X-1', false],
      ['X-2', false],
      ['X-3', true],
    ]);
  });

  it('keeps no fill when its position or cash cannot be written', async () => {
    const stray = await insertOrder(store, order('unregistered', 'u-1'));
    const fill = { id: 'U-1', quantity: 1, price: 10, fee: 0, time: 1_700_000_000_000 };
    await expect(
      applyFill(store, {
        bot: 'unregistered',
        orderId: stray.id,
        symbol: 'BTC/USDT',
        fill,
        position: { quantity: 1, avgPrice: 10 },
        cash: 0,
      }),
    ).rejects.toThrow('unregistered');
    expect(await fillsOf(store, 'unregistered')).toEqual([]);
    expect(await readPosition(store, 'unregistered', 'BTC/USDT')).toEqual({ quantity: 0, avgPrice: 0 });
  });

  it('writes an order’s or a fill’s event in the transaction of the change: both or neither, once', async () => {
    await registerBots(store, [botDeclaration('logged', { capital: 1000 })]);
    const entry = await insertOrder(store, order('logged', 'l-1'));
    const event = (kind: string) => ({ bot: 'logged', level: 'info' as const, kind, message: kind, data: { n: 1 } });
    // An event the database refuses (no message) takes the change down with it.
    const broken = { ...event('fill'), message: null as unknown as string };
    const fill = { id: 'L-1', quantity: 1, price: 10, fee: 0.01, time: 1_700_000_000_000 };
    const position = { quantity: 1, avgPrice: 10 };
    const application = { bot: 'logged', orderId: entry.id, symbol: 'BTC/USDT', fill, position, cash: 989.99 };
    await expect(applyFill(store, application, broken)).rejects.toThrow();
    expect(await fillsOf(store, 'logged')).toEqual([]);
    const filled = report('l-1', { status: 'filled', filledQuantity: 1, averagePrice: 10, fee: 0.01 });
    await expect(updateOrderFromReport(store, 'l-1', filled, broken)).rejects.toThrow();
    await expect(markOrder(store, 'l-1', 'cancelled', 'why', broken)).rejects.toThrow();
    expect((await findOrder(store, 'l-1'))?.status).toBe('new');
    // With a sound event both are written, and a fill reported again writes neither.
    expect(await applyFill(store, application, event('fill'))).toBe(true);
    expect(await applyFill(store, application, event('fill'))).toBe(false);
    await updateOrderFromReport(store, 'l-1', filled, event('order_filled'));
    expect((await findOrder(store, 'l-1'))?.status).toBe('filled');
    const kinds = (await eventsOf(store, { bot: 'logged' })).map((e) => e.kind);
    expect(kinds.filter((kind) => kind !== 'registered')).toEqual(['fill', 'order_filled']);
  });

  it('counts concurrent duplicate fills once', async () => {
    const entry = await insertOrder(store, order('idle', 'd-1'));
    const second = await database.open({ migrated: false });
    const application = {
      bot: 'idle',
      orderId: entry.id,
      symbol: 'ETH/USDT',
      fill: { id: 'D-1', quantity: 1, price: 10, fee: 0, time: 1_700_000_000_000 },
      position: { quantity: 1, avgPrice: 10 },
      cash: 9990,
    };
    const results = await Promise.all([applyFill(store, application), applyFill(second, application)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await fillsOf(store, 'idle')).toHaveLength(1);
  });
});
