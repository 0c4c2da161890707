import type { OrderIntent, RiskContext, RiskFlags, RiskLimits } from '../../../src/risk/index.js';

export const HOUR = 3_600_000;

export const NO_FLAGS: RiskFlags = {
  killSwitch: false,
  globalKillSwitch: false,
  paused: false,
  halted: false,
  haltedReason: null,
};

/** A long entry of 1 unit at the last price, on a bar that just closed: passes every default rail. */
export function intent(over: Partial<OrderIntent> = {}): OrderIntent {
  return { role: 'entry', side: 'buy', type: 'market', quantity: 1, price: 100, reduceOnly: false, ...over };
}

export function context(over: Partial<RiskContext> = {}, flags: Partial<RiskFlags> = {}): RiskContext {
  return {
    flags: { ...NO_FLAGS, ...flags },
    lastPrice: 100,
    position: 0,
    barCloseTime: 10 * HOUR,
    now: 10 * HOUR + 5_000,
    timeframeMs: HOUR,
    ordersInLastMinute: 0,
    canShort: true,
    ...over,
  };
}

export const LIMITS: RiskLimits = {
  maxOrderValue: 10_000,
  maxPositionValue: 20_000,
  priceCollar: 0.05,
  dailyLossLimit: 0.05,
  maxOrdersPerMinute: 10,
  staleAfterBars: 2,
};
