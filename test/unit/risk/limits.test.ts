import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.js';
import { DEFAULT_RISK_LIMITS, resolveRiskLimits, riskRailsSchema } from '../../../src/risk/index.js';
import { validateSpec } from '../../../src/spec/index.js';
import { baseSpec } from '../spec/helpers.js';

describe('DEFAULT_RISK_LIMITS', () => {
  it('ships brakes on everything but the account-sized caps', () => {
    expect(DEFAULT_RISK_LIMITS).toEqual({
      maxOrderValue: Number.POSITIVE_INFINITY,
      maxPositionValue: Number.POSITIVE_INFINITY,
      priceCollar: 0.05,
      dailyLossLimit: 0.05,
      maxOrdersPerMinute: 10,
      staleAfterBars: 2,
    });
    expect(Object.isFrozen(DEFAULT_RISK_LIMITS)).toBe(true);
  });
});

describe('resolveRiskLimits', () => {
  it('gives the defaults with no layers', () => {
    expect(resolveRiskLimits()).toEqual(DEFAULT_RISK_LIMITS);
    expect(resolveRiskLimits(undefined, {}, undefined)).toEqual(DEFAULT_RISK_LIMITS);
  });

  it('layers spec, then project, then bot, later winning key by key', () => {
    const spec = { stop_loss: 0.02, price_collar: 0.03, max_order_value: 5_000 };
    const project = { max_order_value: 2_000, daily_loss_limit: 0.02, max_orders_per_minute: 4 };
    const bot = { max_orders_per_minute: 6, stale_after_bars: 1 };
    expect(resolveRiskLimits(spec, project, bot)).toEqual({
      maxOrderValue: 2_000,
      maxPositionValue: Number.POSITIVE_INFINITY,
      priceCollar: 0.03,
      dailyLossLimit: 0.02,
      maxOrdersPerMinute: 6,
      staleAfterBars: 1,
    });
    expect(resolveRiskLimits(bot, project, spec).maxOrderValue).toBe(5_000);
  });

  it('skips keys set to undefined and takes Infinity for the value caps', () => {
    expect(resolveRiskLimits({ price_collar: 0.1 }, { price_collar: undefined }).priceCollar).toBe(0.1);
    expect(
      resolveRiskLimits({ max_order_value: 10 }, { max_order_value: Number.POSITIVE_INFINITY }).maxOrderValue,
    ).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects a bad value with one line naming the key', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ max_order_value: 0 }, 'risk.max_order_value must be a positive number, got 0'],
      [{ max_position_value: -1 }, 'risk.max_position_value must be a positive number, got -1'],
      [{ max_position_value: Number.NaN }, 'risk.max_position_value must be a positive number, got NaN'],
      [{ price_collar: 5 }, 'risk.price_collar must be a fraction in (0, 1], got 5'],
      [{ price_collar: 0 }, 'risk.price_collar must be a fraction in (0, 1], got 0'],
      [{ daily_loss_limit: '0.05' }, 'risk.daily_loss_limit must be a fraction in (0, 1], got "0.05"'],
      [{ max_orders_per_minute: 2.5 }, 'risk.max_orders_per_minute must be a whole number >= 1, got 2.5'],
      [{ stale_after_bars: 0 }, 'risk.stale_after_bars must be a whole number >= 1, got 0'],
      [{ stale_after_bars: null }, 'risk.stale_after_bars must be a whole number >= 1, got null'],
      [
        { max_orders_per_minute: Number.POSITIVE_INFINITY },
        'risk.max_orders_per_minute must be a whole number >= 1, got Infinity',
      ],
    ];
    for (const [layer, message] of cases) {
      expect(() => resolveRiskLimits({}, layer as never)).toThrow(new InputError(message));
    }
    expect(() => resolveRiskLimits({ price_collar: 2 })).toThrow(InputError);
  });

  it('accepts the edges of each range', () => {
    expect(
      resolveRiskLimits({ price_collar: 1, daily_loss_limit: 1, max_orders_per_minute: 1, stale_after_bars: 1 }),
    ).toMatchObject({
      priceCollar: 1,
      dailyLossLimit: 1,
      maxOrdersPerMinute: 1,
      staleAfterBars: 1,
    });
  });
});

describe('riskRailsSchema', () => {
  it('accepts the six keys, each optional, and is strict', () => {
    const schema = riskRailsSchema();
    expect(schema.parse({})).toEqual({});
    expect(schema.parse({ max_order_value: 100, stale_after_bars: 3 })).toEqual({
      max_order_value: 100,
      stale_after_bars: 3,
    });
    expect(schema.safeParse({ max_order_valu: 100 }).success).toBe(false);
    expect(Object.keys(schema.shape).sort()).toEqual([
      'daily_loss_limit',
      'max_order_value',
      'max_orders_per_minute',
      'max_position_value',
      'price_collar',
      'stale_after_bars',
    ]);
  });

  it('words its errors as resolveRiskLimits does', () => {
    const result = riskRailsSchema().safeParse({ price_collar: 5 });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual([
      'price_collar must be a fraction in (0, 1], got 5',
    ]);
  });
});

describe('the spec risk block', () => {
  const issues = (risk: Record<string, unknown>) => {
    const spec = baseSpec();
    spec.risk = { ...spec.risk, ...risk };
    const result = validateSpec(spec);
    return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('carries the rails as plain numbers that resolveRiskLimits reads', () => {
    const rails = { max_order_value: 1_000, price_collar: 0.02, max_orders_per_minute: 3 };
    const result = validateSpec({ ...baseSpec(), risk: { ...baseSpec().risk, ...rails } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(resolveRiskLimits(result.spec.risk)).toMatchObject({
      maxOrderValue: 1_000,
      priceCollar: 0.02,
      maxOrdersPerMinute: 3,
    });
  });

  it('checks each rail key as resolveRiskLimits does', () => {
    expect(issues({ price_collar: 5 })).toEqual([
      'risk.price_collar: price_collar must be a fraction in (0, 1], got 5',
    ]);
    expect(issues({ stale_after_bars: 0 })).toEqual([
      'risk.stale_after_bars: stale_after_bars must be a whole number >= 1, got 0',
    ]);
    expect(issues({ max_order_value: -3 })).toEqual([
      'risk.max_order_value: max_order_value must be a positive number, got -3',
    ]);
    expect(issues({ price_collar: 'stop_loss * 2' })).toEqual([
      'risk.price_collar: expected a number, got "stop_loss * 2"',
    ]);
    expect(issues({ max_order_valu: 5 })).toEqual([
      "risk.max_order_valu: unknown key; did you mean 'max_order_value'?",
    ]);
  });
});
