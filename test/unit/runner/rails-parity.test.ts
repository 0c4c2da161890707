import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { backtestSpec } from '../../../src/backtest/index.js';
import { timeframeMs } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { replayBot } from '../../../src/runner/index.js';
import { loadSpec } from '../../../src/spec/index.js';
import { ordersOf } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

const emaCross = JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8'));
const CAP = 2_500;
/** ema-cross with its entries (95% of 10,000) capped at 2,500 of order value. */
const capped = loadSpec({ ...emaCross, name: 'ema-capped', risk: { ...emaCross.risk, max_order_value: CAP } });
const uncapped = loadSpec(emaCross);
const SYMBOL = 'SBX-TREND';
const params = { fast: 8, slow: 30 };

describe.each(BACKENDS)('max_order_value in research and in the runner, on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('caps the backtest’s entries, and the replayed runner sends the same orders bit for bit', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const candles = generateSandboxCandles({ symbol: SYMBOL, timeframe: '1h', bars: 700, seed: 5 });
    const start = 200;
    const wide = backtestSpec(uncapped, candles, { params, start });
    const backtest = backtestSpec(capped, candles, { params, start });

    // Smaller trades, at the same times: the cap changes sizes, not decisions.
    expect(backtest.trades.length).toBeGreaterThan(5);
    expect(backtest.trades.map((t) => [t.entryTime, t.exitTime])).toEqual(
      wide.trades.map((t) => [t.entryTime, t.exitTime]),
    );
    backtest.trades.forEach((trade, i) => {
      expect(trade.quantity * trade.entryPrice).toBeLessThanOrEqual(CAP);
      expect(trade.quantity).toBeLessThan(wide.trades[i].quantity);
    });
    expect(backtest.rejections.list).toEqual([]);

    const replay = await replayBot({ store, name: 'capped', checked: capped, params, symbol: SYMBOL, candles, start });
    const tf = timeframeMs('1h');
    const entries = (await ordersOf(store, 'capped')).filter((order) => order.role === 'entry');
    // Each entry order: sent at the close of the bar before the fill, for the backtest's quantity, filled at its price.
    expect(entries.map((o) => [o.barTime + tf, o.side, o.quantity, o.status, o.averagePrice])).toEqual(
      backtest.trades.map((t) => [t.entryTime, 'buy', t.quantity, 'filled', t.entryPrice]),
    );
    const trip = (t: {
      entryTime: number;
      entryPrice: number;
      quantity: number;
      exitTime: number;
      exitPrice: number;
    }) => [t.entryTime, t.entryPrice, t.quantity, t.exitTime, t.exitPrice];
    // Bit for bit: toEqual compares numbers with Object.is.
    expect(replay.trades.map(trip)).toEqual(backtest.trades.map(trip));
    expect((await ordersOf(store, 'capped')).filter((o) => o.status === 'rejected')).toEqual([]);
    await store.close();
  }, 180_000);
});
