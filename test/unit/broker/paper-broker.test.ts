import { describe, expect, it } from 'vitest';
import { bpsToRate, marketFillPrice } from '../../../src/backtest/index.js';
import {
  createPaperBroker,
  createReplayExchange,
  ManualClock,
  MemorySandboxLedger,
} from '../../../src/broker/index.js';
import { candlesFrom } from '../../helpers/candles.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const costs = { feeBps: 10, slippageBps: 20 };
const slip = bpsToRate(costs.slippageBps);

function setup() {
  const clock = new ManualClock(T0 + 2 * H + 5 * 60_000);
  // Any BarFeed will do; a replay exchange is one, with public bars only.
  const candles = candlesFrom([
    [100, 101, 99, 100],
    [100, 104, 98, 103],
    [103.5, 104, 96, 97],
    [97, 98, 90, 91],
  ]);
  const feed = createReplayExchange({
    account: 'feed',
    ledger: new MemorySandboxLedger(),
    clock,
    timeframe: '1h',
    costs,
    initialCash: 0,
    candles: { 'BTC/USDT': candles },
  });
  const ledger = new MemorySandboxLedger();
  const paper = createPaperBroker({ account: 'p', ledger, clock, feed, timeframe: '1h', costs, initialCash: 1000 });
  return { paper, clock, ledger };
}

describe('paper broker', () => {
  it('fills market orders at the last closed close, as the feed has no forming bar', async () => {
    const { paper } = setup();
    expect(await paper.lastPrice('BTC/USDT')).toBe(103);
    const report = await paper.placeOrder({
      clientOrderId: 'b',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      quantity: 2,
    });
    expect(report).toMatchObject({ status: 'filled', averagePrice: marketFillPrice(103, true, slip) });
    expect(Object.keys(await paper.balances()).sort()).toEqual(['BTC', 'USDT']);
    expect((await paper.balances()).BTC).toBe(2);
  });

  it('matches resting orders against the real closed bars', async () => {
    const { paper, clock } = setup();
    await paper.placeOrder({ clientOrderId: 'b', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: 2 });
    await paper.placeOrder({
      clientOrderId: 's',
      symbol: 'BTC/USDT',
      side: 'sell',
      type: 'stop',
      quantity: 2,
      price: 97.5,
      reduceOnly: true,
    });
    clock.set(T0 + 3 * H);
    expect(await paper.fetchOrder('s', 'BTC/USDT')).toMatchObject({
      status: 'filled',
      averagePrice: marketFillPrice(97.5, false, slip),
    });
    expect(await paper.positions()).toEqual([]);
  });

  it('refuses to open a short when told the market is spot', async () => {
    const clock = new ManualClock(T0 + 2 * H);
    const feed = createReplayExchange({
      account: 'feed',
      ledger: new MemorySandboxLedger(),
      clock,
      timeframe: '1h',
      costs,
      initialCash: 0,
      candles: {
        'BTC/USDT': candlesFrom([
          [100, 100, 100, 100],
          [100, 100, 100, 100],
          [100, 100, 100, 100],
        ]),
      },
    });
    const ledger = new MemorySandboxLedger();
    const spot = createPaperBroker({
      account: 'p',
      ledger,
      clock,
      feed,
      timeframe: '1h',
      costs,
      initialCash: 1000,
      canShort: false,
    });
    expect(spot.canShort).toBe(false);
    const sell = { symbol: 'BTC/USDT', side: 'sell', type: 'market', quantity: 1 } as const;
    expect(await spot.placeOrder({ ...sell, clientOrderId: 's' })).toMatchObject({
      status: 'rejected',
      reason: /short/,
    });
    await spot.placeOrder({ ...sell, side: 'buy', clientOrderId: 'b' });
    expect((await spot.placeOrder({ ...sell, clientOrderId: 's2' })).status).toBe('filled');
  });

  it('rejects a symbol the feed does not know', async () => {
    const { paper } = setup();
    const report = await paper.placeOrder({
      clientOrderId: 'x',
      symbol: 'ETH/USDT',
      side: 'buy',
      type: 'market',
      quantity: 1,
    });
    expect(report.status).toBe('rejected');
  });
});
