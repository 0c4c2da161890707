import { describe, expect, it } from 'vitest';
import { checkOrder, DEFAULT_RISK_LIMITS, type OrderIntent, type OrderRole } from '../../../src/risk/index.js';
import { context, HOUR, intent, LIMITS } from './fixtures.js';

const ROLES: readonly OrderRole[] = ['entry', 'exit', 'stop', 'take_profit'];
const PROTECTIVE: readonly Partial<OrderIntent>[] = [
  { role: 'exit', side: 'sell' },
  { role: 'stop', side: 'sell', type: 'stop', price: 95 },
  { role: 'take_profit', side: 'sell', type: 'limit', price: 110 },
];

const railOf = (...args: Parameters<typeof checkOrder>) => {
  const verdict = checkOrder(...args);
  return verdict.ok ? 'ok' : verdict.rail;
};
const reasonOf = (...args: Parameters<typeof checkOrder>) => {
  const verdict = checkOrder(...args);
  if (verdict.ok) throw new Error('expected a rejection');
  return verdict.reason;
};

describe('checkOrder', () => {
  it('passes a sane order under the defaults and under tight limits', () => {
    expect(checkOrder(intent(), context(), DEFAULT_RISK_LIMITS)).toEqual({ ok: true });
    expect(checkOrder(intent(), context(), LIMITS)).toEqual({ ok: true });
  });

  describe('kill switch', () => {
    it('blocks every role, bot or global', () => {
      for (const role of ROLES) {
        expect(railOf(intent({ role }), context({}, { killSwitch: true }), LIMITS)).toBe('kill_switch');
        expect(railOf(intent({ role }), context({}, { globalKillSwitch: true }), LIMITS)).toBe('kill_switch');
      }
      expect(reasonOf(intent(), context({}, { globalKillSwitch: true }), LIMITS)).toMatch(/global kill switch/);
      expect(reasonOf(intent(), context({}, { killSwitch: true }), LIMITS)).toMatch(/this bot's kill switch/);
    });
  });

  describe('halted', () => {
    it('blocks every role and carries the reason', () => {
      const halted = context({}, { halted: true, haltedReason: 'reconciliation mismatch: BTC 0.5 vs 0.4' });
      for (const role of ROLES) expect(railOf(intent({ role }), halted, LIMITS)).toBe('halted');
      expect(reasonOf(intent(), halted, LIMITS)).toBe('the bot is halted: reconciliation mismatch: BTC 0.5 vs 0.4');
      expect(reasonOf(intent(), context({}, { halted: true }), LIMITS)).toBe('the bot is halted: no reason recorded');
    });
  });

  describe('paused', () => {
    const paused = context({ position: 1 }, { paused: true });
    it('blocks entries', () => {
      expect(railOf(intent(), paused, LIMITS)).toBe('paused');
      expect(reasonOf(intent(), paused, LIMITS)).toMatch(/paused: no new entries/);
    });
    it('lets exits, stops and take-profits through so a paused bot can get out', () => {
      for (const p of PROTECTIVE) expect(railOf(intent(p), paused, LIMITS)).toBe('ok');
      expect(railOf(intent({ side: 'sell', reduceOnly: true }), paused, LIMITS)).toBe('ok');
    });
  });

  describe('invalid_order', () => {
    it('rejects a quantity or price that is not finite and positive, before paused', () => {
      for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(railOf(intent({ quantity: bad }), context(), LIMITS)).toBe('invalid_order');
        expect(railOf(intent({ price: bad, role: 'stop', type: 'stop' }), context(), LIMITS)).toBe('invalid_order');
        expect(railOf(intent({ quantity: bad }), context({}, { paused: true }), LIMITS)).toBe('invalid_order');
      }
      expect(reasonOf(intent({ quantity: -2 }), context(), LIMITS)).toBe(
        'invalid order: quantity -2 and price 100 must be finite and > 0',
      );
    });
  });

  describe('short_unsupported', () => {
    const spot = (position: number) => context({ position, canShort: false });
    it('rejects an entry that opens or grows a short where shorting is impossible', () => {
      expect(railOf(intent({ side: 'sell' }), spot(0), LIMITS)).toBe('short_unsupported');
      expect(railOf(intent({ side: 'sell' }), spot(-1), LIMITS)).toBe('short_unsupported');
      expect(railOf(intent({ side: 'sell', quantity: 3 }), spot(2), LIMITS)).toBe('short_unsupported');
      expect(reasonOf(intent({ side: 'sell', quantity: 3 }), spot(2), LIMITS)).toBe(
        'a sell entry of 3 would leave a short position of -1, and this market cannot be shorted',
      );
    });
    it('passes where shorting is possible, exits, buys and sells that stay at or above zero', () => {
      expect(railOf(intent({ side: 'sell' }), context({ canShort: true }), LIMITS)).toBe('ok');
      expect(railOf(intent({ role: 'exit', side: 'sell' }), spot(1), LIMITS)).toBe('ok');
      expect(railOf(intent({ side: 'sell' }), spot(1), LIMITS)).toBe('ok');
      expect(railOf(intent({ side: 'buy' }), spot(0), LIMITS)).toBe('ok');
    });
  });

  describe('market_closed', () => {
    const closed = context({ marketOpen: false });
    it('refuses every order while the venue is closed, with its reason, before stale data', () => {
      expect(railOf(intent(), closed, LIMITS)).toBe('market_closed');
      expect(railOf(intent({ role: 'exit', side: 'sell' }), closed, LIMITS)).toBe('market_closed');
      expect(railOf(intent(), context({ marketOpen: false, now: 10 * HOUR + 9 * HOUR }), LIMITS)).toBe('market_closed');
      expect(reasonOf(intent(), closed, LIMITS)).toBe(
        "the market is closed (outside the venue's session): no market entry until it opens (the spec's risk.extended_hours allows one)",
      );
    });
    it('passes in a session, on a market that never closes, and with extended hours allowed', () => {
      expect(railOf(intent(), context({ marketOpen: true }), LIMITS)).toBe('ok');
      expect(railOf(intent(), context(), LIMITS)).toBe('ok');
      expect(railOf(intent(), context({ marketOpen: false, extendedHours: true }), LIMITS)).toBe('ok');
    });
  });

  describe('stale_data', () => {
    const late = (ms: number) => context({ now: 10 * HOUR + ms });
    it('rejects entries and exits on a bar older than stale_after_bars timeframes', () => {
      expect(railOf(intent(), late(2 * HOUR), LIMITS)).toBe('ok');
      expect(railOf(intent(), late(2 * HOUR + 1), LIMITS)).toBe('stale_data');
      expect(railOf(intent({ role: 'exit', side: 'sell' }), late(3 * HOUR), LIMITS)).toBe('stale_data');
      expect(reasonOf(intent(), late(3 * HOUR), LIMITS)).toBe(
        'stale data: the decision bar closed 3 bars ago (10,800,000 ms), beyond stale_after_bars 2',
      );
    });
    it('lets protective orders through and fails closed on a missing time', () => {
      expect(railOf(intent({ role: 'stop', type: 'stop', side: 'sell', price: 95 }), late(9 * HOUR), LIMITS)).toBe(
        'ok',
      );
      expect(railOf(intent(), context({ barCloseTime: Number.NaN }), LIMITS)).toBe('stale_data');
    });
  });

  describe('price_collar', () => {
    it('rejects market and limit entries and exits too far from the last trade', () => {
      expect(railOf(intent({ price: 105 }), context(), LIMITS)).toBe('ok');
      expect(railOf(intent({ price: 105.01 }), context(), LIMITS)).toBe('price_collar');
      expect(railOf(intent({ price: 94, type: 'limit' }), context(), LIMITS)).toBe('price_collar');
      expect(railOf(intent({ role: 'exit', side: 'sell', price: 120 }), context({ position: 1 }), LIMITS)).toBe(
        'price_collar',
      );
      expect(reasonOf(intent({ price: 112.5 }), context(), LIMITS)).toBe(
        'price 112.50 is 12.5% from the last trade 100.00, beyond price_collar 0.05',
      );
    });
    it('does not collar protective orders or stop entries, whose prices sit away from the market', () => {
      const far = { price: 50 };
      expect(railOf(intent({ ...far, role: 'stop', type: 'stop', side: 'sell' }), context(), LIMITS)).toBe('ok');
      expect(railOf(intent({ ...far, role: 'take_profit', type: 'limit', side: 'sell' }), context(), LIMITS)).toBe(
        'ok',
      );
      expect(railOf(intent({ price: 130, type: 'stop' }), context(), { ...LIMITS, maxOrderValue: 1e9 })).toBe('ok');
    });
    it('refuses to trade without a usable last price', () => {
      for (const lastPrice of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(railOf(intent(), context({ lastPrice }), LIMITS)).toBe('price_collar');
      }
      expect(reasonOf(intent(), context({ lastPrice: Number.NaN }), LIMITS)).toBe(
        'no usable last trade price (NaN): no market entry',
      );
    });
    it('quotes tiny prices with significant digits', () => {
      expect(
        reasonOf(intent({ price: 0.00002, quantity: 1e6 }), context({ lastPrice: 0.00001234 }), DEFAULT_RISK_LIMITS),
      ).toBe('price 0.00002 is 62.07% from the last trade 0.00001234, beyond price_collar 0.05');
    });
  });

  describe('max_order_value', () => {
    it('rejects an entry whose notional exceeds the limit, naming both numbers', () => {
      expect(railOf(intent({ quantity: 100 }), context(), LIMITS)).toBe('ok');
      expect(railOf(intent({ quantity: 100.01 }), context(), LIMITS)).toBe('max_order_value');
      expect(reasonOf(intent({ quantity: 123.45 }), context(), LIMITS)).toBe(
        'order value 12,345.00 exceeds max_order_value 10,000',
      );
    });
    it('does not limit exits, protective or reduce-only orders', () => {
      const big = { quantity: 500 };
      const long = context({ position: 500 });
      for (const p of PROTECTIVE) expect(railOf(intent({ ...p, ...big }), long, LIMITS)).toBe('ok');
      expect(railOf(intent({ ...big, side: 'sell', reduceOnly: true }), long, LIMITS)).toBe('ok');
    });
    it('has no limit by default', () => {
      expect(railOf(intent({ quantity: 1e9 }), context(), DEFAULT_RISK_LIMITS)).toBe('ok');
    });
  });

  describe('max_position_value', () => {
    it('rejects an entry that leaves |position| x price above the limit, long or short', () => {
      expect(railOf(intent({ quantity: 50 }), context({ position: 150 }), LIMITS)).toBe('ok');
      expect(railOf(intent({ quantity: 51 }), context({ position: 150 }), LIMITS)).toBe('max_position_value');
      expect(railOf(intent({ quantity: 51, side: 'sell' }), context({ position: -150 }), LIMITS)).toBe(
        'max_position_value',
      );
      expect(reasonOf(intent({ quantity: 60 }), context({ position: 150 }), LIMITS)).toBe(
        'position value after the order 21,000.00 exceeds max_position_value 20,000',
      );
    });
    it('does not stop the way out of an oversized position', () => {
      const huge = context({ position: 1_000 });
      expect(railOf(intent({ role: 'exit', side: 'sell', quantity: 10 }), huge, LIMITS)).toBe('ok');
      expect(railOf(intent({ side: 'sell', quantity: 10, reduceOnly: true }), huge, LIMITS)).toBe('ok');
    });
  });

  describe('order_rate', () => {
    it('rejects every kind of order once the minute is full', () => {
      const busy = context({ ordersInLastMinute: 10, position: 1 });
      expect(railOf(intent(), context({ ordersInLastMinute: 9 }), LIMITS)).toBe('ok');
      for (const p of [{}, ...PROTECTIVE]) expect(railOf(intent(p), busy, LIMITS)).toBe('order_rate');
      expect(reasonOf(intent(), busy, LIMITS)).toBe('10 orders in the last minute reached max_orders_per_minute 10');
      expect(railOf(intent(), context({ ordersInLastMinute: Number.NaN }), LIMITS)).toBe('order_rate');
    });
  });

  it('reports the first broken rail in the documented order', () => {
    const everything = intent({ quantity: 1_000, price: 200, side: 'sell' });
    const allBad = {
      lastPrice: 100,
      canShort: false,
      now: 20 * HOUR,
      ordersInLastMinute: 99,
    };
    const flags = { killSwitch: true, halted: true, haltedReason: 'x', paused: true };
    const order = ['kill_switch', 'halted', 'paused', 'short_unsupported', 'stale_data', 'price_collar'];
    const ctx = context(allBad, flags);
    expect(railOf(everything, ctx, LIMITS)).toBe(order[0]);
    expect(railOf(everything, { ...ctx, flags: { ...ctx.flags, killSwitch: false } }, LIMITS)).toBe(order[1]);
    expect(
      railOf(intent({ quantity: 0 }), { ...ctx, flags: { ...ctx.flags, killSwitch: false, halted: false } }, LIMITS),
    ).toBe('invalid_order');
    const noFlags = { ...ctx.flags, killSwitch: false, halted: false };
    expect(railOf(everything, { ...ctx, flags: noFlags }, LIMITS)).toBe(order[2]);
    const running = { ...noFlags, paused: false };
    expect(railOf(everything, { ...ctx, flags: running }, LIMITS)).toBe(order[3]);
    expect(railOf(everything, { ...ctx, flags: running, canShort: true }, LIMITS)).toBe(order[4]);
    const fresh = { ...ctx, flags: running, canShort: true, now: 10 * HOUR };
    expect(railOf(everything, fresh, LIMITS)).toBe(order[5]);
    const atMarket = intent({ quantity: 1_000, price: 100, side: 'sell' });
    expect(railOf(atMarket, fresh, LIMITS)).toBe('max_order_value');
    expect(railOf(atMarket, fresh, { ...LIMITS, maxOrderValue: 1e6 })).toBe('max_position_value');
    expect(railOf(atMarket, fresh, { ...LIMITS, maxOrderValue: 1e6, maxPositionValue: 1e6 })).toBe('order_rate');
    expect(
      railOf(atMarket, { ...fresh, ordersInLastMinute: 0 }, { ...LIMITS, maxOrderValue: 1e6, maxPositionValue: 1e6 }),
    ).toBe('ok');
  });
});
