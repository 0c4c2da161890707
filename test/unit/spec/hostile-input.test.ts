import { describe, expect, it } from 'vitest';
import {
  checkSpec,
  ExpressionError,
  loadSpec,
  parseExpression,
  parseParamAssignments,
} from '../../../src/spec/index.js';
import { compileStrategy } from '../../../src/strategy/index.js';
import { baseSpec, exprIssue } from './helpers.js';

/** Spec JSON as a file holds it: JSON.parse keeps "__proto__" as an own key, an object literal would not. */
// biome-ignore lint/suspicious/noExplicitAny: tests build malformed specs
const fromText = (mutate: (text: string) => string): any => JSON.parse(mutate(JSON.stringify(baseSpec())));

const sum = (terms: number) => Array.from({ length: terms }, () => 'close').join(' + ');

describe('names that live on an object prototype', () => {
  it.each([
    ['constructor', "indicators.fast_ema: unknown name 'constructor' at col 1"],
    ['toString(close)', "indicators.fast_ema: unknown function 'toString' at col 1"],
    ['__proto__ > 0', "indicators.fast_ema: unknown name '__proto__' at col 1"],
    ['hasOwnProperty', "indicators.fast_ema: unknown name 'hasOwnProperty' at col 1"],
    ['valueOf(close, 3)', "indicators.fast_ema: unknown function 'valueOf' at col 1"],
  ])('%s is an unknown name, not something found on Object.prototype', (text, message) => {
    expect(exprIssue('indicators', 'fast_ema', text)).toEqual([message]);
  });

  it.each([
    ['a parameter', (t: string) => t.replace('"fast":', '"__proto__":'), 'parameters.__proto__'],
    ['an indicator', (t: string) => t.replace('"fast_ema":', '"__proto__":'), 'indicators.__proto__'],
    ['a signal', (t: string) => t.replace('"go_long":', '"constructor":'), 'signals.constructor'],
    ['a key of a parameter', (t: string) => t.replace('"step":1', '"prototype":1'), 'parameters.fast.prototype'],
    [
      'a key of a transition',
      (t: string) => t.replace('"action":"exit"', '"__proto__":{}'),
      'states.transitions[1].__proto__',
    ],
    ['a top-level key', (t: string) => t.replace('{"name"', '{"__proto__":{"x":1},"name"'), '__proto__'],
  ])('a reserved name as %s is refused with its JSON path', (_what, mutate, path) => {
    const json = fromText(mutate);
    const name = path
      .split(/[.[\]]/)
      .filter(Boolean)
      .at(-1);
    expect(() => loadSpec(json, 'strategies/s.json')).toThrow(
      `strategies/s.json: ${path}: '${name}' is reserved (no name may be __proto__, constructor, prototype)`,
    );
  });

  it('refuses JSON nested past 32 levels, where JSON.stringify and zod would overflow', () => {
    const spec = baseSpec();
    spec.optimised = { X: { params: { fast: 12 }, data: JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) } };
    expect(() => loadSpec(spec, 's.json')).toThrow(
      `s.json: optimised.X.data${'[0]'.repeat(29)}: nests deeper than 32 levels`,
    );
  });

  it('refuses constructor and prototype as names given in code too', () => {
    const spec = baseSpec();
    spec.indicators.prototype = 'sma(close, 3)';
    expect(() => checkSpec(spec)).toThrow("spec: indicators.prototype: 'prototype' is reserved");
  });

  it('refuses a reserved name in --params instead of dropping it', () => {
    expect(() => parseParamAssignments('__proto__=3')).toThrow("--params: '__proto__' is not a parameter name");
    expect(() => parseParamAssignments('constructor=3')).toThrow("--params: 'constructor' is not a parameter name");
  });
});

describe('expression limits', () => {
  it('refuses 20,000 nested parentheses at the level past the limit', () => {
    const text = `${'('.repeat(20_000)}close${')'.repeat(20_000)}`;
    expect(exprIssue('indicators', 'fast_ema', text)).toEqual([
      'indicators.fast_ema: expression nests deeper than 100 levels at col 101',
    ]);
  });

  it('refuses 3,000 nested calls', () => {
    const text = `${'ema('.repeat(3000)}close${', 2)'.repeat(3000)}`;
    expect(exprIssue('indicators', 'fast_ema', text)).toEqual([
      'indicators.fast_ema: expression nests deeper than 100 levels at col 401',
    ]);
  });

  it('refuses long chains of unary operators', () => {
    expect(exprIssue('indicators', 'fast_ema', `${'-'.repeat(50_000)}close`)).toEqual([
      'indicators.fast_ema: expression nests deeper than 100 levels at col 101',
    ]);
    expect(exprIssue('signals', 'go_long', `${'not '.repeat(50_000)}true`)).toEqual([
      'signals.go_long: expression nests deeper than 100 levels at col 401',
    ]);
  });

  it('refuses a 100,000-term sum, naming the file and JSON path', () => {
    const spec = baseSpec();
    spec.indicators.fast_ema = sum(100_000);
    expect(() => loadSpec(spec, 'strategies/big.json')).toThrow(
      'strategies/big.json: indicators.fast_ema: expression has more than 1000 terms and operators at col 3999',
    );
  });

  it('accepts an expression at both limits and compiles and runs it', () => {
    const spec = baseSpec();
    const nested = `${'('.repeat(99)}close${')'.repeat(99)}`;
    spec.indicators.deep = `sma(${nested}, 3)`;
    spec.indicators.long = sum(500); // 500 names and 499 operators: 999 nodes
    spec.signals.go_long = 'crosses_above(fast_ema, slow_ema) and long > deep';
    const checked = checkSpec(spec);
    expect(() => parseExpression(`${sum(500)} + close`)).toThrow(ExpressionError);
    const strategy = compileStrategy(checked);
    expect(strategy.source).toContain('&&');
  });
});
