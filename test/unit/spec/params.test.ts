import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import {
  checkSpec,
  evaluateConst,
  parseParamAssignments,
  resolveParams,
  type TypedExpr,
} from '../../../src/spec/index.js';
import { baseSpec } from './helpers.js';

const checked = checkSpec(baseSpec());

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('resolveParams', () => {
  it('returns the defaults in declaration order, frozen', () => {
    const values = resolveParams(checked);
    expect(values).toEqual({ fast: 10, slow: 30, k: 2, use_filter: true, len: 14, mode: 'fast' });
    expect(Object.keys(values)).toEqual(['fast', 'slow', 'k', 'use_filter', 'len', 'mode']);
    expect(Object.isFrozen(values)).toBe(true);
  });

  it('overlays overrides, taking command-line strings for numbers and bools', () => {
    expect(
      resolveParams(checked, { fast: 12, slow: '40', k: 2.1, use_filter: 'false', len: '21', mode: 'slow' }),
    ).toEqual({ fast: 12, slow: 40, k: 2.1, use_filter: false, len: 21, mode: 'slow' });
  });

  it('ignores undefined overrides', () => {
    expect(resolveParams(checked, { fast: undefined, slow: 40 })).toMatchObject({ fast: 10, slow: 40 });
  });

  it('suggests a name for an unknown parameter', () => {
    expect(usageError(() => resolveParams(checked, { fsat: 3 }))).toBe(
      "unknown parameter 'fsat'; did you mean 'fast'? (known: fast, slow, k, use_filter, len, mode)",
    );
  });

  it('prefixes the source when given', () => {
    expect(usageError(() => resolveParams(checked, { fast: 99 }, { source: '--params' }))).toBe(
      "--params: parameter 'fast' must be in [5, 50], got 99",
    );
  });

  it.each([
    [{ fast: 4 }, "parameter 'fast' must be in [5, 50], got 4"],
    [{ fast: 12.5 }, "parameter 'fast' must be a whole number in [5, 50], got 12.5"],
    [{ fast: 'abc' }, 'parameter \'fast\' must be a whole number in [5, 50], got "abc"'],
    [{ k: 3.5 }, "parameter 'k' must be in [1, 3], got 3.5"],
    [{ k: true }, "parameter 'k' must be a number in [1, 3], got true"],
    [{ use_filter: 'yes' }, 'parameter \'use_filter\' must be true or false, got "yes"'],
    [{ len: 10 }, "parameter 'len' must be one of 7, 14, 21, got 10"],
    [{ mode: 'medium' }, 'parameter \'mode\' must be one of "fast", "slow", got "medium"'],
  ])('rejects %j', (overrides, message) => {
    expect(usageError(() => resolveParams(checked, overrides))).toBe(message);
  });

  it('keeps int parameters on their step grid', () => {
    const spec = baseSpec();
    spec.parameters.slow.step = 5;
    expect(usageError(() => resolveParams(checkSpec(spec), { slow: 33 }))).toBe(
      "parameter 'slow' must be on the grid 20, 25, 30, … (step 5) in [20, 200], got 33",
    );
    expect(resolveParams(checkSpec(spec), { slow: 35 }).slow).toBe(35);
  });

  it('checks constraints with the resolved values', () => {
    expect(usageError(() => resolveParams(checked, { fast: 40, slow: 30 }))).toBe(
      "constraint 'fast < slow' is violated (fast=40, slow=30)",
    );
  });

  it('checks window lengths and risk fractions with the resolved values', () => {
    const spec = baseSpec();
    spec.indicators.fast_ema = 'ema(close, slow - fast)';
    spec.risk.stop_loss = 'k / 2 - 0.5';
    const c = checkSpec(spec);
    expect(resolveParams(c, { fast: 20, slow: 25 }).fast).toBe(20);
    expect(usageError(() => resolveParams(c, { k: 3, fast: 20, slow: 20 }))).toBe(
      "constraint 'fast < slow' is violated (fast=20, slow=20)",
    );
    spec.constraints = [];
    expect(usageError(() => resolveParams(checkSpec(spec), { fast: 20, slow: 20 }))).toBe(
      'indicators.fast_ema: ema: argument 2 (period) slow - fast is 0; it must be a whole number >= 1',
    );
    expect(usageError(() => resolveParams(checkSpec(spec), { k: 1 }))).toBe(
      'risk.stop_loss: stop_loss is 0 (k / 2 - 0.5); it must be a fraction in (0, 1)',
    );
  });
});

describe('parseParamAssignments', () => {
  it('parses numbers, bools and strings', () => {
    expect(parseParamAssignments('fast=12, slow=4e1,k=-0.5,use_filter=false,on=true,mode=slow,q="a b"')).toEqual({
      fast: 12,
      slow: 40,
      k: -0.5,
      use_filter: false,
      on: true,
      mode: 'slow',
      q: 'a b',
    });
    expect(parseParamAssignments('')).toEqual({});
    expect(parseParamAssignments('x=0x10')).toEqual({ x: '0x10' });
  });

  it.each([
    ['fast', "--params: expected name=value, got 'fast'"],
    ['fast=', "--params: expected name=value, got 'fast='"],
    ['=3', "--params: expected name=value, got '=3'"],
    ['fast=1,,slow=2', "--params: expected name=value, got ''"],
    ['Fast=1', "--params: 'Fast' is not a parameter name"],
    ['fast=1,fast=2', "--params: 'fast' is given twice"],
  ])('rejects %j', (text, message) => {
    expect(usageError(() => parseParamAssignments(text))).toBe(message);
  });
});

describe('evaluateConst', () => {
  const constraint = (text: string) => {
    const spec = baseSpec();
    // Wrapped so that constraints false at the defaults still pass validation.
    spec.constraints = [`(${text}) or true`];
    const expr = checkSpec(spec).constraints[0].expr;
    if (expr.kind !== 'binary') throw new Error('expected a binary tree');
    return expr.left;
  };
  const params = { fast: 10, slow: 30, k: 2, use_filter: true, len: 14, mode: 'fast' };

  it.each([
    ['fast < slow', true],
    ['-fast * 2 + slow / 3 == -10', true],
    ['(fast - slow) / k <= -10', true],
    ['not use_filter or k > 1.5', true],
    ['use_filter and len != 14', false],
    ['mode == "fast" and 1e1 == fast', true],
    ['mode != "fast"', false],
    ['fast >= 10 and fast > 9.5', true],
  ])('%s -> %s', (text, value) => {
    expect(evaluateConst(constraint(text), params)).toBe(value);
  });

  it('evaluates literals and parameters of every type', () => {
    const num: TypedExpr = { kind: 'number', value: 2.5, col: 1, type: { value: 'number', shape: 'const' } };
    const param: TypedExpr = { kind: 'param', name: 'mode', col: 1, type: { value: 'string', shape: 'const' } };
    expect(evaluateConst(num, {})).toBe(2.5);
    expect(evaluateConst(param, params)).toBe('fast');
  });

  it('throws on series and on missing parameters', () => {
    const series: TypedExpr = { kind: 'field', field: 'close', col: 3, type: { value: 'number', shape: 'series' } };
    expect(() => evaluateConst(series, {})).toThrow("price field 'close' at col 3 is not a constant");
    const ema = checked.indicators[0].expr;
    expect(() => evaluateConst(ema, params)).toThrow("call to 'ema' at col 1 is not a constant");
    expect(() => evaluateConst(constraint('fast < slow'), { fast: 1 })).toThrow("no value for parameter 'slow'");
  });
});
