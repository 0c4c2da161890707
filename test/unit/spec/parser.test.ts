import { describe, expect, it } from 'vitest';
import { type Expr, ExpressionError, formatExpression, lex, parseExpression } from '../../../src/spec/index.js';

/** A compact s-expression view of a tree, so expectations read at a glance. */
function sx(e: Expr): string {
  switch (e.kind) {
    case 'number':
    case 'bool':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'name':
      return e.name;
    case 'unary':
      return `(${e.op} ${sx(e.arg)})`;
    case 'binary':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'call':
      return `${e.name}[${e.args.map(sx).join(' ')}]`;
  }
}
const p = (text: string) => sx(parseExpression(text));

function syntaxError(text: string): string {
  try {
    parseExpression(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${text}`);
}

describe('lexer', () => {
  it('reads numbers in every form', () => {
    const values = lex('1 2.5 .5 1e3 2.5E-2 7e+1').flatMap((t) => (t.kind === 'number' ? [t.value] : []));
    expect(values).toEqual([1, 2.5, 0.5, 1000, 0.025, 70]);
  });

  it('folds the && || ! aliases into words and keeps columns', () => {
    const tokens = lex('a && !b || c');
    expect(tokens.map((t) => `${t.text}@${t.col}`)).toEqual(['a@1', 'and@3', 'not@6', 'b@7', 'or@9', 'c@12', '@13']);
  });

  it('reads strings with escapes', () => {
    const [token] = lex('"a\\"b\\\\c"');
    expect(token.kind === 'string' && token.value).toBe('a"b\\c');
  });
});

describe('parser precedence and associativity', () => {
  it.each([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not a < b', '(not (< a b))'],
    ['a < b + c', '(< a (+ b c))'],
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['-a * b', '(* (- a) b)'],
    ['- -a', '(- (- a))'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b / c', '(/ (/ a b) c)'],
    ['a - (b - c)', '(- a (- b c))'],
    ['a or b or c', '(or (or a b) c)'],
    ['a && b || !c', '(or (and a b) (not c))'],
    ['not not a', '(not (not a))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['ema(close, fast) > sma(close, 2 * fast)', '(> ema[close fast] sma[close (* 2 fast)])'],
    ['f()', 'f[]'],
    ['true == false', '(== true false)'],
    ['mode == "x"', '(== mode "x")'],
    ['a != b', '(!= a b)'],
    ['a <= b', '(<= a b)'],
    ['a >= b', '(>= a b)'],
  ])('%s', (text, tree) => {
    expect(p(text)).toBe(tree);
  });
});

describe('columns', () => {
  it('points at names, operators and calls', () => {
    const e = parseExpression('close + ema(high, 3)');
    expect(e.kind === 'binary' && [e.col, e.left.col, e.right.col]).toEqual([7, 1, 9]);
    const call = e.kind === 'binary' ? e.right : e;
    expect(call.kind === 'call' && call.args.map((a) => a.col)).toEqual([13, 19]);
  });

  it('points a unary node at its operator', () => {
    const e = parseExpression('  not -x');
    expect(e.kind === 'unary' && e.col).toBe(3);
    expect(e.kind === 'unary' && e.arg.col).toBe(7);
  });
});

describe('syntax errors', () => {
  it.each([
    ['', 'empty expression'],
    ['   ', 'empty expression'],
    ['ema(close, 3))', "unexpected ')' at col 14"],
    ['a +', 'unexpected end of expression at col 4'],
    ['a + * b', "unexpected '*' at col 5"],
    ['a b', "unexpected name 'b' at col 3"],
    ['a 5', "unexpected number '5' at col 3"],
    ['(a + b', "missing ')' to close '(' at col 1"],
    ['ema(close, 3', "missing ')' to close '(' at col 4"],
    ['ema(close 3)', "expected ',' or ')', got number '3' at col 11"],
    ['(a b)', "expected ')', got name 'b' at col 4"],
    ['ema(close,)', "unexpected ')' at col 11"],
    ['ema(,close)', "unexpected ',' at col 5"],
    ['a < b < c', "comparisons do not chain at col 7; join them with 'and'"],
    ['a == b != c', "comparisons do not chain at col 8; join them with 'and'"],
    ['a = b', "unexpected '=' at col 3; did you mean '=='?"],
    ['a & b', "unexpected '&' at col 3; did you mean '&&'?"],
    ['a | b', "unexpected '|' at col 3; did you mean '||'?"],
    ['a # b', "unexpected character '#' at col 3"],
    ["x == 'a'", `unexpected "'" at col 6; strings use double quotes`],
    ['x == "abc', 'unterminated string at col 6'],
    ['"a\\n"', "unknown escape '\\n' in string (only \\\" and \\\\) at col 3"],
    ['1.', "malformed number '1.' at col 1"],
    ['2 + 12abc', "malformed number '12abc' at col 5"],
    ['1e', "malformed number '1e' at col 1"],
    ['1.2.3', "malformed number '1.2.3' at col 1"],
    ['1e999', "number '1e999' is too large at col 1"],
    ['(a)(b)', "unexpected '(' at col 4"],
    ['a and', 'unexpected end of expression at col 6'],
    ['not', 'unexpected end of expression at col 4'],
  ])('%j -> %s', (text, message) => {
    expect(syntaxError(text)).toBe(message);
  });

  it('exposes the column and the bare detail', () => {
    try {
      parseExpression('a + )');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ col: 5, detail: "unexpected ')'", exitCode: 1 });
    }
  });
});

describe('formatExpression', () => {
  it.each([
    ['a - (b - c)', 'a - (b - c)'],
    ['(a - b) - c', 'a - b - c'],
    ['-(a * b)', '-(a * b)'],
    ['(-a) * b', '-a * b'],
    ['not (a and b)', 'not (a and b)'],
    ['(a < b) == (c < d)', '(a < b) == (c < d)'],
    ['a + (not b)', 'a + (not b)'],
    ['!x || y && z', 'not x or y and z'],
    ['ema(close,3)', 'ema(close, 3)'],
    ['m == "a\\"b"', 'm == "a\\"b"'],
  ])('%s prints as %s', (text, printed) => {
    expect(formatExpression(parseExpression(text))).toBe(printed);
  });
});
