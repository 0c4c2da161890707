import { describe, expect, it } from 'vitest';
import { checkSpec, formatExpression, type TypedExpr, validateSpec } from '../../../src/spec/index.js';
import { baseSpec, exprIssue, issuesOf } from './helpers.js';

describe('name resolution', () => {
  it('suggests a close function name', () => {
    expect(exprIssue('signals', 'go_long', 'emaa(close, 3) > 1')).toEqual([
      "signals.go_long: unknown function 'emaa' at col 1; did you mean 'ema'?",
    ]);
  });

  it('suggests a close price field', () => {
    expect(exprIssue('indicators', 'fast_ema', 'ema(clse, fast)')).toEqual([
      "indicators.fast_ema: unknown name 'clse' at col 5; did you mean 'close'?",
    ]);
  });

  it('suggests parameters, indicators and signals that are in view', () => {
    expect(exprIssue('signals', 'go_long', 'fsat_ema > slow_ema')).toEqual([
      "signals.go_long: unknown name 'fsat_ema' at col 1; did you mean 'fast_ema'?",
    ]);
    expect(exprIssue('signals', 'go_long', 'go_flta')).toEqual([
      "signals.go_long: unknown name 'go_flta' at col 1; did you mean 'go_flat'?",
    ]);
  });

  it('gives no suggestion when nothing is close', () => {
    expect(exprIssue('indicators', 'fast_ema', 'zzzzzz')).toEqual([
      "indicators.fast_ema: unknown name 'zzzzzz' at col 1",
    ]);
  });

  it('rejects calling a non-function and using a function as a value', () => {
    expect(exprIssue('indicators', 'fast_ema', 'close(3)')).toEqual([
      "indicators.fast_ema: 'close' is not a function at col 1",
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'ema + 1')).toEqual([
      "indicators.fast_ema: 'ema' is a function at col 1; call it as ema(source, period)",
    ]);
  });

  it('keeps indicators away from signals', () => {
    expect(exprIssue('indicators', 'fast_ema', 'ema(close, fast) + go_long')).toEqual([
      "indicators.fast_ema: indicators may not reference signals; 'go_long' is a signal at col 20",
    ]);
  });
});

describe('function arguments', () => {
  it('checks the argument count', () => {
    expect(exprIssue('indicators', 'fast_ema', 'ema(close, fast, 3)')).toEqual([
      "indicators.fast_ema: 'ema' takes 2 arguments (source, period), got 3 at col 1",
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'abs()')).toEqual([
      "indicators.fast_ema: 'abs' takes 1 argument (x), got 0 at col 1",
    ]);
  });

  it('needs a constant period', () => {
    expect(exprIssue('indicators', 'fast_ema', 'ema(close, slow_ema)')).toEqual([
      'indicators.fast_ema: ema: argument 2 (period) must be a constant, got a series at col 12',
    ]);
  });

  it('needs a whole period', () => {
    expect(exprIssue('indicators', 'fast_ema', 'ema(close, k)')).toEqual([
      "indicators.fast_ema: ema: argument 2 (period) needs a whole number; parameter 'k' is a float at col 12",
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'ema(close, fast / 2)')).toEqual([
      "indicators.fast_ema: ema: argument 2 (period) needs a whole number; '/' can give a fraction at col 12",
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'ema(close, 2.5)')).toEqual([
      'indicators.fast_ema: ema: argument 2 (period) must be a whole number >= 1, got 2.5 at col 12',
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'ema(close, 2 - 2)')).toEqual([
      'indicators.fast_ema: ema: argument 2 (period) must be a whole number >= 1, got 0 at col 12',
    ]);
  });

  it('accepts int, numeric choice, const arithmetic and folded literals as periods', () => {
    for (const period of ['fast', 'len', 'fast + slow', '2 * fast - 1', '10 / 2', '-(-3)']) {
      expect(exprIssue('indicators', 'fast_ema', `ema(close, ${period})`), period).toEqual([]);
    }
  });

  it('rejects a period parameter that may be below 1', () => {
    expect(
      issuesOf((s) => {
        s.parameters.n = { type: 'int', min: 0, max: 5, default: 2 };
        s.indicators.fast_ema = 'ema(close, n)';
      }),
    ).toEqual(["indicators.fast_ema: ema: argument 2 (period) must be >= 1, but parameter 'n' allows 0 at col 12"]);
  });

  it('needs numbers for series and constant numbers for number arguments', () => {
    expect(exprIssue('indicators', 'fast_ema', 'ema(go_long, 3)')).toEqual([
      "indicators.fast_ema: indicators may not reference signals; 'go_long' is a signal at col 5",
    ]);
    expect(exprIssue('signals', 'go_long', 'crosses_above(close > 1, close)')).toEqual([
      'signals.go_long: crosses_above: argument 1 (a) must be a number, got a bool at col 15',
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'bbands_upper(close, 20, close)')).toEqual([
      'indicators.fast_ema: bbands_upper: argument 3 (k) must be a constant, got a series at col 25',
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'bbands_upper(close, 20, k)')).toEqual([]);
  });
});

describe('operator types', () => {
  it.each([
    ['close + go_long', "'+' needs numbers, got a bool at col 7"],
    ['close * true', "'*' needs numbers, got a bool at col 7"],
    ['-go_long', "'-' needs a number, got a bool at col 1"],
    ['not close', "'not' needs a bool, got a number at col 1"],
    ['close and go_long', "'and' needs bools, got a number at col 7"],
    ['go_long or 1', "'or' needs bools, got a number at col 9"],
    ['close < true', "'<' needs numbers, got a bool at col 7"],
    ['close == go_long', "'==' compares values of one type, got a number and a bool at col 7"],
    ['close / 0 > 1', 'division by zero at col 7'],
  ])('%s', (text, message) => {
    expect(exprIssue('signals', 'go_long', text)).toEqual([`signals.go_long: ${message}`]);
  });

  it('needs a bool signal and a number indicator', () => {
    expect(exprIssue('signals', 'go_long', 'close + 1')).toEqual([
      'signals.go_long: expected a bool expression, got a number',
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'close > 1')).toEqual([
      'indicators.fast_ema: expected a number expression, got a bool',
    ]);
    expect(exprIssue('indicators', 'fast_ema', 'fast * 2')).toEqual([]);
  });

  it('compares strings only with a string choice parameter', () => {
    expect(exprIssue('signals', 'go_long', 'mode == "slow" and go_flat')).toEqual([]);
    expect(exprIssue('signals', 'go_long', '"slow" != mode')).toEqual([]);
    expect(exprIssue('signals', 'go_long', 'mode == "slwo"')).toEqual([
      'signals.go_long: "slwo" is not an option of parameter \'mode\' ("fast", "slow") at col 9; did you mean \'slow\'?',
    ]);
    expect(exprIssue('signals', 'go_long', 'close == "a"')).toEqual([
      'signals.go_long: a string can only be compared with a string choice parameter, got a number at col 7',
    ]);
    expect(exprIssue('signals', 'go_long', '"a" == "a"')).toEqual([
      'signals.go_long: a string can only be compared with a string choice parameter at col 5',
    ]);
    expect(exprIssue('signals', 'go_long', 'mode < "a"')).toEqual([
      "signals.go_long: '<' needs numbers, got a string at col 6",
    ]);
    expect(exprIssue('signals', 'go_long', 'mode + 1 > 2')).toEqual([
      "signals.go_long: '+' needs numbers, got a string at col 6",
    ]);
    expect(exprIssue('signals', 'go_long', '"a"')).toEqual([
      'signals.go_long: expected a bool expression, got a string',
    ]);
  });

  it('reports syntax errors with the path', () => {
    expect(exprIssue('signals', 'go_long', 'crosses_above(fast_ema))')).toEqual([
      "signals.go_long: unexpected ')' at col 24",
    ]);
    expect(exprIssue('signals', 'go_long', 'mode == "fa')).toEqual(['signals.go_long: unterminated string at col 9']);
  });
});

describe('constant contexts', () => {
  it('allows only parameters and literals in constraints', () => {
    expect(issuesOf((s) => (s.constraints = ['fast_ema < slow']))).toEqual([
      "constraints[0]: constraints may use only parameters and literals; 'fast_ema' is an indicator at col 1",
    ]);
    expect(issuesOf((s) => (s.constraints = ['close > 1']))).toEqual([
      "constraints[0]: constraints may use only parameters and literals; 'close' is a price series at col 1",
    ]);
    expect(issuesOf((s) => (s.constraints = ['abs(fast) > 1']))).toEqual([
      "constraints[0]: constraints may use only parameters and literals; 'abs' is a series function at col 1",
    ]);
    expect(issuesOf((s) => (s.constraints = ['fast + slow']))).toEqual([
      'constraints[0]: expected a bool expression, got a number',
    ]);
    expect(issuesOf((s) => (s.constraints = ['fsat < slow']))).toEqual([
      "constraints[0]: unknown name 'fsat' at col 1; did you mean 'fast'?",
    ]);
    expect(issuesOf((s) => (s.constraints = ['fast < slow', 'use_filter or mode == "slow"']))).toEqual([]);
  });

  it('types risk values and sizes as constant numbers', () => {
    expect(issuesOf((s) => (s.risk.stop_loss = 'k * 0.01'))).toEqual([]);
    expect(issuesOf((s) => (s.risk.stop_loss = 'go_long'))).toEqual([
      "risk.stop_loss: risk values may use only parameters and literals; 'go_long' is a signal at col 1",
    ]);
    expect(issuesOf((s) => (s.risk.take_profit = 'use_filter'))).toEqual([
      'risk.take_profit: expected a number expression, got a bool',
    ]);
    expect(issuesOf((s) => (s.states.transitions[0].size = 'close'))).toEqual([
      "states.transitions[0].size: sizes may use only parameters and literals; 'close' is a price series at col 1",
    ]);
    expect(issuesOf((s) => (s.risk.stop_loss = 'k *'))).toEqual([
      'risk.stop_loss: unexpected end of expression at col 4',
    ]);
  });

  it('checks expression values against their ranges with the defaults', () => {
    expect(issuesOf((s) => (s.risk.stop_loss = 'k * 0.5'))).toEqual([
      'risk.stop_loss: stop_loss is 1 (k * 0.5); it must be a fraction in (0, 1) with the default parameters',
    ]);
    expect(issuesOf((s) => (s.states.transitions[0].size = 'k'))).toEqual([
      'states.transitions[0].size: size is 2 (k); it must be a fraction in (0, 1] with the default parameters',
    ]);
    expect(issuesOf((s) => (s.constraints = ['fast > slow']))).toEqual([
      "constraints[0]: constraint 'fast > slow' is violated (fast=10, slow=30) with the default parameters",
    ]);
    expect(issuesOf((s) => (s.indicators.fast_ema = 'ema(close, fast - 10)'))).toEqual([
      'indicators.fast_ema: ema: argument 2 (period) fast - 10 is 0; it must be a whole number >= 1 with the default parameters',
    ]);
  });
});

describe('dependency order', () => {
  const names = (list: readonly { name: string }[]) => list.map((d) => d.name);

  it('orders indicators and signals so that uses come after definitions', () => {
    const spec = baseSpec();
    spec.indicators = { spread: 'fast_ema - slow_ema', fast_ema: 'ema(close, fast)', slow_ema: 'ema(close, slow)' };
    spec.signals = { go_long: 'up and not go_flat', up: 'spread > 0', go_flat: 'crosses_below(fast_ema, slow_ema)' };
    const checked = checkSpec(spec);
    expect(names(checked.indicators)).toEqual(['fast_ema', 'slow_ema', 'spread']);
    expect(names(checked.signals)).toEqual(['up', 'go_flat', 'go_long']);
  });

  it('keeps declaration order when there are no dependencies', () => {
    const spec = baseSpec();
    spec.indicators = { c: 'close', slow_ema: 'ema(close, slow)', b: 'high', fast_ema: 'ema(close, fast)', a: 'low' };
    expect(names(checkSpec(spec).indicators)).toEqual(['c', 'slow_ema', 'b', 'fast_ema', 'a']);
  });

  it('reports cycles once, from their first-declared member', () => {
    expect(
      issuesOf((s) => {
        s.indicators.a = 'b + 1';
        s.indicators.b = 'a * 2';
      }),
    ).toEqual(['indicators.a: cycle a -> b -> a']);
    expect(issuesOf((s) => (s.indicators.a = 'a + 1'))).toEqual(['indicators.a: cycle a -> a']);
    expect(
      issuesOf((s) => {
        s.signals.x = 'z';
        s.signals.y = 'x';
        s.signals.z = 'y and go_long';
      }),
    ).toEqual(['signals.x: cycle x -> z -> y -> x']);
  });
});

describe('typed trees', () => {
  it('resolves names and types every node', () => {
    const spec = baseSpec();
    spec.signals.go_long = 'crosses_above(fast_ema, slow_ema) and use_filter and close > 2 * fast';
    const go = checkSpec(spec).signals.find((s) => s.name === 'go_long')!.expr;
    const kinds: string[] = [];
    const visit = (e: TypedExpr) => {
      kinds.push(`${e.kind}:${e.type.value}/${e.type.shape}`);
      if (e.kind === 'binary') [e.left, e.right].forEach(visit);
      if (e.kind === 'call') e.args.forEach(visit);
    };
    visit(go);
    expect(kinds).toEqual([
      'binary:bool/series',
      'binary:bool/series',
      'call:bool/series',
      'indicator:number/series',
      'indicator:number/series',
      'param:bool/const',
      'binary:bool/series',
      'field:number/series',
      'binary:number/const',
      'number:number/const',
      'param:number/const',
    ]);
    expect(formatExpression(go)).toBe('crosses_above(fast_ema, slow_ema) and use_filter and close > 2 * fast');
  });

  it('gives transitions a size tree (1 by default) and risk trees', () => {
    const spec = baseSpec();
    spec.risk = { stop_loss: 'k / 100' };
    const checked = checkSpec(spec);
    expect(checked.transitions.map((t) => [t.from, t.to, t.action, t.on, formatExpression(t.size)])).toEqual([
      ['flat', 'long', 'enter', 'go_long', '1'],
      ['long', 'flat', 'exit', 'go_flat', '1'],
    ]);
    expect(formatExpression(checked.risk.stopLoss!)).toBe('k / 100');
    expect(checked.risk.takeProfit).toBeUndefined();
    expect(checked.constraints.map((c) => c.text)).toEqual(['fast < slow']);
  });

  it('collects problems from several sections at once', () => {
    const result = validateSpec({
      ...baseSpec(),
      indicators: { fast_ema: 'ema(clse, fast)', slow_ema: 'ema(close, slow)' },
      signals: { go_long: 'fast_ema >', go_flat: 'crosses_below(fast_ema, slow_ema)' },
      constraints: ['fast < slwo'],
    });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual([
      'constraints[0]',
      'indicators.fast_ema',
      'signals.go_long',
    ]);
  });
});
