import { describe, expect, it } from 'vitest';
import { checkDailyLoss, DEFAULT_RISK_LIMITS, utcDay } from '../../../src/risk/index.js';

describe('checkDailyLoss', () => {
  it('trips once the loss reaches the limit, not before', () => {
    expect(checkDailyLoss({ dayStartEquity: 100_000, equity: 95_001 }, DEFAULT_RISK_LIMITS)).toEqual({ ok: true });
    expect(checkDailyLoss({ dayStartEquity: 100_000, equity: 120_000 }, DEFAULT_RISK_LIMITS)).toEqual({ ok: true });
    expect(checkDailyLoss({ dayStartEquity: 100_000, equity: 95_000 }, DEFAULT_RISK_LIMITS)).toEqual({
      ok: false,
      rail: 'daily_loss',
      reason: 'daily loss 5% (5,000.00 of day-start equity 100,000.00) reached daily_loss_limit 0.05',
    });
    const verdict = checkDailyLoss({ dayStartEquity: 100_000, equity: 94_800 }, DEFAULT_RISK_LIMITS);
    expect(verdict.ok ? '' : verdict.reason).toBe(
      'daily loss 5.2% (5,200.00 of day-start equity 100,000.00) reached daily_loss_limit 0.05',
    );
  });

  it('fails closed when the loss cannot be measured', () => {
    for (const state of [
      { dayStartEquity: 0, equity: 10 },
      { dayStartEquity: -5, equity: 10 },
      { dayStartEquity: Number.NaN, equity: 10 },
      { dayStartEquity: 10, equity: Number.NaN },
    ]) {
      const verdict = checkDailyLoss(state, DEFAULT_RISK_LIMITS);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(/^cannot measure the daily loss/);
    }
  });
});

describe('utcDay', () => {
  it('names the UTC calendar day', () => {
    expect(utcDay(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29');
    expect(utcDay(Date.UTC(2024, 2, 1))).toBe('2024-03-01');
    expect(utcDay(0)).toBe('1970-01-01');
    expect(() => utcDay(Number.NaN)).toThrow(RangeError);
  });
});
