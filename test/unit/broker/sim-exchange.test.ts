import { describe, expect, it } from 'vitest';
import { bpsToRate, feeFor, marketFillPrice } from '../../../src/backtest/index.js';
import { createReplayExchange, ManualClock, MemorySandboxLedger } from '../../../src/broker/index.js';
import { type OrderRequest, UsageError } from '../../../src/core/index.js';
import { candlesFrom } from '../../helpers/candles.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const at = (bar: number, plusMs = 0) => T0 + bar * H + plusMs;
const costs = { feeBps: 10, slippageBps: 50 };
const fee = bpsToRate(costs.feeBps);
const slip = bpsToRate(costs.slippageBps);
const SYMBOL = 'SBX-TEST';

type Row = readonly [number, number, number, number];
const FLAT: Row = [100, 100, 100, 100];

function setup(rows: readonly Row[], options: { ledger?: MemorySandboxLedger; clock?: ManualClock } = {}) {
  const ledger = options.ledger ?? new MemorySandboxLedger();
  const clock = options.clock ?? new ManualClock(at(1));
  const exchange = createReplayExchange({
    account: 'acct',
    ledger,
    clock,
    timeframe: '1h',
    costs,
    initialCash: 10_000,
    candles: { [SYMBOL]: candlesFrom(rows) },
  });
  return { exchange, ledger, clock };
}

const market = (
  id: string,
  side: 'buy' | 'sell',
  quantity: number,
  extra: Partial<OrderRequest> = {},
): OrderRequest => ({
  clientOrderId: id,
  symbol: SYMBOL,
  side,
  type: 'market',
  quantity,
  ...extra,
});
const resting = (id: string, type: 'stop' | 'limit', side: 'buy' | 'sell', quantity: number, price: number) => ({
  ...market(id, side, quantity, { type, price, reduceOnly: true }),
});

// The Broker contract itself (idempotent ids, cancels, refusals, restarts) is checked for every
// simulated exchange by test/conformance/broker.test.ts; these are the matching engine's own rules.
describe('SimExchange: market orders', () => {
  it('fills at the forming bar open with slippage, fee, and the backtest cash arithmetic', async () => {
    const { exchange, clock } = setup([FLAT, [100, 120, 90, 110], [120, 130, 110, 125], FLAT]);
    clock.set(at(1, 1234)); // mid-bar: still the open of bar 1
    expect(await exchange.lastPrice(SYMBOL)).toBe(100);
    const buy = await exchange.placeOrder(market('b1', 'buy', 10));
    const price = marketFillPrice(100, true, slip);
    expect(price).toBeCloseTo(100.5, 12);
    const buyFee = feeFor(10 * price, fee);
    expect(buy).toMatchObject({ status: 'filled', filledQuantity: 10, averagePrice: price, fee: buyFee });
    expect(buy.fills).toEqual([{ id: 'b1-1', quantity: 10, price, fee: buyFee, time: at(1, 1234) }]);
    expect(buy.updatedAt).toBe(at(1, 1234));
    let cash = 10_000 - (10 * price + buyFee);
    expect(await exchange.balances()).toEqual({ USDT: cash, [SYMBOL]: 10 });
    expect(await exchange.positions()).toEqual([{ symbol: SYMBOL, quantity: 10 }]);

    clock.set(at(2));
    const sellPrice = marketFillPrice(120, false, slip);
    const sell = await exchange.placeOrder(market('s1', 'sell', 10));
    const sellFee = feeFor(10 * sellPrice, fee);
    cash = cash + (10 * sellPrice - sellFee);
    expect(sell).toMatchObject({ status: 'filled', averagePrice: sellPrice, fee: sellFee });
    expect(await exchange.balances()).toEqual({ USDT: cash });
    expect(await exchange.positions()).toEqual([]);

    // A short opens with the same formula and a negative quantity.
    const short = await exchange.placeOrder(market('s2', 'sell', 4));
    const shortFee = feeFor(4 * sellPrice, fee);
    cash = cash - (-4 * sellPrice + shortFee);
    expect(short.status).toBe('filled');
    expect(await exchange.balances()).toEqual({ USDT: cash, [SYMBOL]: -4 });
  });

  it('answers a resend with the order as it stands after the fills of that very call', async () => {
    const { exchange, clock } = setup([FLAT, [100, 101, 80, 100], FLAT]);
    await exchange.placeOrder({ ...market('lim', 'buy', 1), type: 'limit', price: 90 });
    clock.set(at(2));
    const resent = await exchange.placeOrder({ ...market('lim', 'buy', 1), type: 'limit', price: 90 });
    expect(resent).toMatchObject({ status: 'filled', averagePrice: 90 });
    expect((await exchange.positions())[0].quantity).toBe(1);
  });

  it('rejects bad requests, unknown symbols, prices beyond history and unaffordable orders, and keeps the refusal', async () => {
    const { exchange, clock } = setup([FLAT, FLAT]);
    const bad = [
      await exchange.placeOrder(market('q0', 'buy', 0)),
      await exchange.placeOrder(market('qn', 'buy', Number.NaN)),
      await exchange.placeOrder(market('qneg', 'sell', -1)),
      await exchange.placeOrder({ ...market('lp', 'buy', 1), type: 'limit' }),
      await exchange.placeOrder({ ...market('sp', 'buy', 1), type: 'stop', price: 0 }),
    ];
    expect(bad.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(bad[0].reason).toMatch(/quantity must be a positive number/);
    expect(bad[3].reason).toMatch(/limit order needs a positive price/);
    const unknown = await exchange.placeOrder({ ...market('u', 'buy', 1), symbol: 'NOPE' });
    expect(unknown).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/unknown symbol NOPE/) });
    const poor = await exchange.placeOrder(market('poor', 'buy', 100));
    expect(poor).toMatchObject({ status: 'rejected', reason: 'insufficient funds', filledQuantity: 0 });
    expect(await exchange.fetchOrder('poor', SYMBOL)).toEqual(poor);
    expect(await exchange.placeOrder(market('poor', 'buy', 1))).toEqual(poor);
    clock.set(at(2)); // the replay has no bar 2
    expect((await exchange.placeOrder(market('late', 'buy', 1))).status).toBe('rejected');
    await expect(exchange.lastPrice(SYMBOL)).rejects.toThrow(UsageError);
    expect(await exchange.balances()).toEqual({ USDT: 10_000 });
  });

  it('accepts a buy that spends exactly all the cash by the backtest sizing formula', async () => {
    const { exchange } = setup([FLAT, [101.3, 102, 100, 101], FLAT]);
    const price = marketFillPrice(101.3, true, slip);
    const units = (Math.max(0, 10_000) * 1 * 1) / (price * (1 + fee));
    const report = await exchange.placeOrder(market('all', 'buy', units));
    expect(report.status).toBe('filled');
    expect((await exchange.balances()).USDT).toBeCloseTo(0, 8);
  });
});

describe('SimExchange: resting orders against bar ranges', () => {
  async function longWithBrackets(rows: readonly Row[], stop: number, target: number) {
    const context = setup(rows);
    await context.exchange.placeOrder(market('entry', 'buy', 10));
    await context.exchange.placeOrder(resting('stop', 'stop', 'sell', 10, stop));
    await context.exchange.placeOrder(resting('tp', 'limit', 'sell', 10, target));
    return context;
  }

  it('fills a take-profit at its limit, without slippage, on the bar whose high reaches it; the stop expires', async () => {
    const { exchange, clock } = await longWithBrackets([FLAT, [100, 105, 97, 102], [102, 111, 99, 108], FLAT], 95, 110);
    clock.set(at(2));
    expect((await exchange.openOrders()).length).toBe(2);
    clock.set(at(3));
    expect(await exchange.fetchOrder('tp', SYMBOL)).toMatchObject({
      status: 'filled',
      averagePrice: 110,
      fills: [{ id: 'tp-1', quantity: 10, price: 110, fee: feeFor(10 * 110, fee), time: at(2) }],
    });
    expect(await exchange.fetchOrder('stop', SYMBOL)).toMatchObject({ status: 'expired', reason: 'position closed' });
    expect(await exchange.positions()).toEqual([]);
    expect(await exchange.openOrders()).toEqual([]);
  });

  it('fills gaps through a stop or a target at the open: worse for the stop, better for the target', async () => {
    const gapDown = await longWithBrackets([FLAT, [100, 101, 99, 100], [90, 92, 85, 91], FLAT], 95, 110);
    gapDown.clock.set(at(3));
    expect((await gapDown.exchange.fetchOrder('stop', SYMBOL))?.averagePrice).toBe(marketFillPrice(90, false, slip));

    const gapUp = await longWithBrackets([FLAT, [100, 101, 99, 100], [115, 118, 112, 117], FLAT], 95, 110);
    gapUp.clock.set(at(3));
    expect((await gapUp.exchange.fetchOrder('tp', SYMBOL))?.averagePrice).toBe(115);

    // Short: the stop buys at the stop or a higher open, the target at the limit or a lower open.
    const short = setup([FLAT, [100, 101, 99, 100], [108, 109, 104, 105], [95, 96, 89, 90], FLAT]);
    await short.exchange.placeOrder(market('entry', 'sell', 10));
    await short.exchange.placeOrder(resting('stop', 'stop', 'buy', 10, 105));
    short.clock.set(at(3));
    expect((await short.exchange.fetchOrder('stop', SYMBOL))?.averagePrice).toBe(marketFillPrice(108, true, slip));
    await short.exchange.placeOrder(market('entry2', 'sell', 10));
    await short.exchange.placeOrder(resting('tp2', 'limit', 'buy', 10, 91));
    short.clock.set(at(4));
    expect((await short.exchange.fetchOrder('tp2', SYMBOL))?.averagePrice).toBe(91);
    const stopNoGap = await longWithBrackets([FLAT, [100, 101, 94, 96], FLAT], 95, 110);
    stopNoGap.clock.set(at(2));
    expect((await stopNoGap.exchange.fetchOrder('stop', SYMBOL))?.averagePrice).toBe(marketFillPrice(95, false, slip));
  });

  it('fires the stop before the take-profit when one bar reaches both, and expires the take-profit', async () => {
    const { exchange, clock } = await longWithBrackets([FLAT, [100, 112, 94, 100], FLAT], 95, 110);
    clock.set(at(2));
    expect(await exchange.fetchOrder('stop', SYMBOL)).toMatchObject({
      status: 'filled',
      averagePrice: marketFillPrice(95, false, slip),
    });
    expect(await exchange.fetchOrder('tp', SYMBOL)).toMatchObject({ status: 'expired' });
  });

  it('checks an order placed mid-bar against that whole bar, once it has closed, and never an earlier bar', async () => {
    const { exchange, clock } = setup([FLAT, [100, 101, 80, 100], [100, 101, 99, 100], FLAT]);
    clock.set(at(2, 30 * 60_000)); // bar 1 reached 80, but before this order existed
    await exchange.placeOrder({ ...market('early', 'buy', 1), type: 'limit', price: 85 });
    clock.set(at(3));
    expect((await exchange.fetchOrder('early', SYMBOL))?.status).toBe('open');

    const other = setup([FLAT, [100, 101, 80, 100], FLAT, FLAT]);
    other.clock.set(at(1, 45 * 60_000)); // bar 1 already went to 80 at some point: the whole bar counts
    await other.exchange.placeOrder({ ...market('mid', 'buy', 1), type: 'limit', price: 85 });
    other.clock.set(at(2) - 1);
    expect((await other.exchange.fetchOrder('mid', SYMBOL))?.status).toBe('open'); // bar 1 has not closed
    other.clock.set(at(2));
    expect(await other.exchange.fetchOrder('mid', SYMBOL)).toMatchObject({ status: 'filled', averagePrice: 85 });
    expect((await other.exchange.fetchOrder('mid', SYMBOL))?.fills[0].time).toBe(at(1));
  });

  it('rejects a reduce-only order with nothing to reduce, clips a larger one, and expires them when a market order closes', async () => {
    const { exchange, clock } = setup([FLAT, FLAT, FLAT, FLAT]);
    expect((await exchange.placeOrder(resting('none', 'stop', 'sell', 1, 90))).reason).toMatch(/would not reduce/);
    await exchange.placeOrder(market('entry', 'buy', 3));
    expect((await exchange.placeOrder(resting('wrongside', 'stop', 'buy', 1, 110))).status).toBe('rejected');
    const big = await exchange.placeOrder(resting('big', 'limit', 'sell', 5, 150));
    expect(big).toMatchObject({ status: 'open', quantity: 3 });
    const close = await exchange.placeOrder(market('close', 'sell', 10, { reduceOnly: true }));
    expect(close).toMatchObject({ status: 'filled', filledQuantity: 3 });
    expect(await exchange.fetchOrder('big', SYMBOL)).toMatchObject({ status: 'expired' });
    clock.set(at(2));
    await exchange.placeOrder(market('again', 'buy', 2));
    await exchange.placeOrder(resting('stop2', 'stop', 'sell', 2, 90));
    await exchange.placeOrder(market('exit', 'sell', 2)); // a plain sell closes too
    expect(await exchange.fetchOrder('stop2', SYMBOL)).toMatchObject({ status: 'expired' });
  });

  it('cancels resting orders and tells unknown ones apart', async () => {
    const { exchange } = setup([FLAT, FLAT]);
    await exchange.placeOrder(market('entry', 'buy', 1));
    await exchange.placeOrder(resting('stop', 'stop', 'sell', 1, 90));
    expect(await exchange.cancelOrder('stop', SYMBOL)).toMatchObject({ status: 'cancelled' });
    expect(await exchange.cancelOrder('stop', SYMBOL)).toMatchObject({ status: 'cancelled' });
    expect(await exchange.cancelOrder('entry', SYMBOL)).toMatchObject({ status: 'filled' });
    expect(await exchange.cancelOrder('never', SYMBOL)).toBeUndefined();
    expect(await exchange.fetchOrder('stop', 'OTHER')).toBeUndefined();
    expect(await exchange.openOrders()).toEqual([]);
  });
});

describe('SimExchange: books and bars', () => {
  it('survives a restart: a new exchange over the same ledger sees the same books and keeps matching', async () => {
    const rows: Row[] = [FLAT, FLAT, [100, 101, 89, 95], FLAT];
    const first = setup(rows);
    await first.exchange.placeOrder(market('entry', 'buy', 10));
    await first.exchange.placeOrder(resting('stop', 'stop', 'sell', 10, 90));
    const balances = await first.exchange.balances();
    await first.exchange.close();

    const clock = new ManualClock(at(2));
    const second = setup(rows, { ledger: first.ledger, clock });
    expect(await second.exchange.balances()).toEqual(balances);
    expect((await second.exchange.openOrders()).map((o) => o.clientOrderId)).toEqual(['stop']);
    expect(await second.exchange.placeOrder(market('entry', 'buy', 10))).toEqual(
      await first.exchange.fetchOrder('entry', SYMBOL),
    );
    clock.set(at(3));
    expect(await second.exchange.fetchOrder('stop', SYMBOL)).toMatchObject({
      status: 'filled',
      averagePrice: marketFillPrice(90, false, slip),
    });
    expect(await second.exchange.positions()).toEqual([]);
    expect((await first.ledger.loadAccount('acct'))?.matchedThrough).toEqual({ [SYMBOL]: at(2) });
  });

  it('serves closed bars only, at its own timeframe, never past its clock', async () => {
    const { exchange, clock } = setup([FLAT, [101, 101, 101, 101], [102, 102, 102, 102], FLAT]);
    clock.set(at(2, 10));
    const bars = await exchange.closedBars(SYMBOL, '1h', 0, at(10));
    expect([...bars.time]).toEqual([at(0), at(1)]);
    expect([...(await exchange.closedBars(SYMBOL, '1h', at(1), at(10))).open]).toEqual([101]);
    expect((await exchange.closedBars(SYMBOL, '1h', 0, at(10), 1)).time[0]).toBe(at(0));
    expect((await exchange.closedBars(SYMBOL, '1h', 0, at(1))).length).toBe(1);
    await expect(exchange.closedBars(SYMBOL, '4h', 0, at(10))).rejects.toThrow(UsageError);
  });
});
