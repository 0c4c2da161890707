import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDailyLoss,
  checkOrder,
  type OrderIntent,
  type RailName,
  type RiskContext,
  type RiskLimits,
} from '../../../src/risk/index.js';

/**
 * The rails restated from docs/risk.md, one predicate per rail, "violated" meaning the order must
 * not go out. Written apart from src/risk on purpose: the property compares the two. A comparison
 * with NaN counts as violated (the rails fail closed).
 */
const RULES: ReadonlyArray<readonly [RailName, (o: OrderIntent, c: RiskContext, l: RiskLimits) => boolean]> = [
  ['kill_switch', (_o, c) => c.flags.killSwitch || c.flags.globalKillSwitch],
  ['halted', (_o, c) => c.flags.halted],
  ['invalid_order', (o) => !isPositiveNumber(o.quantity) || !isPositiveNumber(o.price)],
  ['paused', (o, c) => c.flags.paused && isEntry(o)],
  ['short_unsupported', (o, c) => isEntry(o) && !c.canShort && o.side === 'sell' && !(c.position - o.quantity >= 0)],
  [
    'stale_data',
    (o, c, l) =>
      (o.role === 'entry' || o.role === 'exit') && !(c.now - c.barCloseTime <= l.staleAfterBars * c.timeframeMs),
  ],
  [
    'price_collar',
    (o, c, l) => {
      if (o.role !== 'entry' && o.role !== 'exit') return false;
      if (o.type === 'stop') return false;
      if (!isPositiveNumber(c.lastPrice)) return true;
      return !(Math.abs(o.price - c.lastPrice) / c.lastPrice <= l.priceCollar);
    },
  ],
  ['max_order_value', (o, _c, l) => isEntry(o) && !(o.quantity * o.price <= l.maxOrderValue)],
  [
    'max_position_value',
    (o, c, l) => {
      if (!isEntry(o)) return false;
      const after = o.side === 'buy' ? c.position + o.quantity : c.position - o.quantity;
      return !(Math.abs(after) * o.price <= l.maxPositionValue);
    },
  ],
  ['order_rate', (_o, c, l) => !(c.ordersInLastMinute < l.maxOrdersPerMinute)],
];

function isPositiveNumber(x: number): boolean {
  return typeof x === 'number' && x > 0 && x !== Number.POSITIVE_INFINITY;
}

/** Adds exposure: an entry not flagged reduce-only. */
function isEntry(o: OrderIntent): boolean {
  return o.role === 'entry' && o.reduceOnly === false;
}

const HOUR = 3_600_000;
/** Uniform in [min, max] (fc.double crowds small magnitudes, which would leave most rails idle). */
const uniform = (min: number, max: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);
/** Uniform in log scale over [min, max]. */
const logUniform = (min: number, max: number) => uniform(Math.log(min), Math.log(max)).map(Math.exp);
const odd = fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY);
const sometimesOdd = (arb: fc.Arbitrary<number>) =>
  fc.oneof({ arbitrary: arb, weight: 12 }, { arbitrary: odd, weight: 1 });
const rarely = (weight: number) =>
  fc.oneof({ arbitrary: fc.constant(false), weight }, { arbitrary: fc.constant(true), weight: 1 });
const flag = rarely(8);

const lastPriceArb = sometimesOdd(logUniform(0.001, 100_000));

const caseArb = fc
  .record({
    lastPrice: lastPriceArb,
    move: uniform(-0.15, 0.15),
    role: fc.constantFrom('entry', 'exit', 'stop', 'take_profit' as const),
    side: fc.constantFrom('buy', 'sell' as const),
    type: fc.constantFrom('market', 'limit', 'stop' as const),
    quantity: sometimesOdd(logUniform(0.001, 1_000)),
    oddPrice: fc.oneof({ arbitrary: fc.constant(undefined), weight: 15 }, { arbitrary: odd, weight: 1 }),
    reduceOnly: fc.boolean(),
    flags: fc.record({
      killSwitch: rarely(30),
      globalKillSwitch: rarely(30),
      paused: flag,
      halted: rarely(30),
      haltedReason: fc.option(fc.string(), { nil: null }),
    }),
    position: sometimesOdd(uniform(-1_000, 1_000)),
    barAge: uniform(-0.5 * HOUR, 4 * HOUR),
    timeframeMs: fc.oneof(
      { arbitrary: fc.constantFrom(60_000, HOUR), weight: 30 },
      { arbitrary: fc.constant(Number.NaN), weight: 1 },
    ),
    ordersInLastMinute: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 12 }), weight: 30 },
      { arbitrary: fc.constant(Number.NaN), weight: 1 },
    ),
    canShort: fc.boolean(),
    limits: fc.record({
      maxOrderValue: fc.oneof(logUniform(1, 1e7), fc.constant(Number.POSITIVE_INFINITY)),
      maxPositionValue: fc.oneof(logUniform(1, 1e7), fc.constant(Number.POSITIVE_INFINITY)),
      priceCollar: logUniform(0.001, 1),
      dailyLossLimit: logUniform(0.001, 1),
      maxOrdersPerMinute: fc.integer({ min: 1, max: 40 }),
      staleAfterBars: fc.integer({ min: 1, max: 4 }),
    }),
  })
  .map((c) => {
    const intent: OrderIntent = {
      role: c.role,
      side: c.side,
      type: c.type,
      quantity: c.quantity,
      price: c.oddPrice ?? (Number.isFinite(c.lastPrice) && c.lastPrice > 0 ? c.lastPrice * (1 + c.move) : 100),
      reduceOnly: c.reduceOnly,
    };
    const barCloseTime = 1_700_000_000_000;
    const context: RiskContext = {
      flags: c.flags,
      lastPrice: c.lastPrice,
      position: c.position,
      barCloseTime,
      now: barCloseTime + c.barAge * (c.timeframeMs / HOUR),
      timeframeMs: c.timeframeMs,
      ordersInLastMinute: c.ordersInLastMinute,
      canShort: c.canShort,
    };
    return { intent, context, limits: c.limits as RiskLimits };
  });

describe('checkOrder against the restated rails', () => {
  it('passes exactly the orders no rail forbids, and names the first rail broken', () => {
    fc.assert(
      fc.property(caseArb, ({ intent, context, limits }) => {
        const verdict = checkOrder(intent, context, limits);
        const broken = RULES.filter(([, violated]) => violated(intent, context, limits)).map(([rail]) => rail);
        if (verdict.ok) {
          expect(broken).toEqual([]);
        } else {
          expect(broken.length).toBeGreaterThan(0);
          expect(verdict.rail).toBe(broken[0]);
          expect(verdict.reason).not.toMatch(/\n/);
          expect(verdict.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('never blocks a protective order on a running bot for price, value, staleness or pause', () => {
    fc.assert(
      fc.property(caseArb, ({ intent, context, limits }) => {
        const protective = { ...intent, role: intent.role === 'entry' ? 'stop' : intent.role } as OrderIntent;
        if (protective.role === 'exit') return;
        const running = {
          ...context,
          flags: { ...context.flags, killSwitch: false, globalKillSwitch: false, halted: false },
        };
        const verdict = checkOrder(protective, running, limits);
        if (!verdict.ok) expect(['invalid_order', 'order_rate']).toContain(verdict.rail);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('checkDailyLoss', () => {
  const equityArb = fc.double({ min: 1, max: 1e9, noNaN: true });
  const limitArb = fc.double({ min: 0.001, max: 1, noNaN: true });

  it('trips when the loss is clearly at or past the limit and passes when clearly below', () => {
    fc.assert(
      fc.property(equityArb, fc.double({ min: -1, max: 1.5, noNaN: true }), limitArb, (start, lossFraction, limit) => {
        const equity = start * (1 - lossFraction);
        const verdict = checkDailyLoss({ dayStartEquity: start, equity }, { dailyLossLimit: limit } as RiskLimits);
        if (lossFraction >= limit + 1e-9) expect(verdict).toMatchObject({ ok: false, rail: 'daily_loss' });
        if (lossFraction <= limit - 1e-9) expect(verdict).toEqual({ ok: true });
      }),
    );
  });

  it('is monotone: a tripped breaker stays tripped at any lower equity', () => {
    fc.assert(
      fc.property(
        equityArb,
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        limitArb,
        (start, equity, drop, limit) => {
          const limits = { dailyLossLimit: limit } as RiskLimits;
          const here = checkDailyLoss({ dayStartEquity: start, equity }, limits);
          const lower = checkDailyLoss({ dayStartEquity: start, equity: equity - drop }, limits);
          if (!here.ok) expect(lower.ok).toBe(false);
        },
      ),
    );
  });

  it('trips whenever the loss cannot be measured', () => {
    fc.assert(
      fc.property(
        fc.oneof(odd, equityArb),
        fc.oneof(fc.constant(Number.NaN), fc.constant(Number.NEGATIVE_INFINITY), equityArb),
        limitArb,
        (start, equity, limit) => {
          fc.pre(!(start > 0 && Number.isFinite(start)) || !Number.isFinite(equity));
          expect(checkDailyLoss({ dayStartEquity: start, equity }, { dailyLossLimit: limit } as RiskLimits).ok).toBe(
            false,
          );
        },
      ),
    );
  });
});
