import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BinaryOp, type Expr, formatExpression, parseExpression } from '../../../src/spec/index.js';

/** The same tree without columns, which printing does not preserve. */
function strip(e: Expr): unknown {
  switch (e.kind) {
    case 'number':
    case 'bool':
    case 'string':
      return { kind: e.kind, value: e.value };
    case 'name':
      return { kind: 'name', name: e.name };
    case 'unary':
      return { kind: 'unary', op: e.op, arg: strip(e.arg) };
    case 'binary':
      return { kind: 'binary', op: e.op, left: strip(e.left), right: strip(e.right) };
    case 'call':
      return { kind: 'call', name: e.name, args: e.args.map(strip) };
  }
}

const OPS: BinaryOp[] = ['+', '-', '*', '/', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];
const col = 0;

// Any tree the parser could produce (types are the checker's business, not the grammar's).
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.nat(1000).map((value): Expr => ({ kind: 'number', value, col })),
      fc
        .double({ min: 0, max: 1e25, noNaN: true, noDefaultInfinity: true })
        .filter((v) => !Object.is(v, -0))
        .map((value): Expr => ({ kind: 'number', value, col })),
      fc.boolean().map((value): Expr => ({ kind: 'bool', value, col })),
      fc.string({ maxLength: 6 }).map((value): Expr => ({ kind: 'string', value, col })),
      fc.constantFrom('close', 'fast', 'slow_ema', 'x1', '_t').map((name): Expr => ({ kind: 'name', name, col })),
    ),
    fc
      .tuple(fc.constantFrom('-' as const, 'not' as const), tie('expr'))
      .map(([op, arg]): Expr => ({ kind: 'unary', op, arg, col })),
    fc
      .tuple(fc.constantFrom(...OPS), tie('expr'), tie('expr'))
      .map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right, col })),
    fc
      .tuple(fc.constantFrom('ema', 'crosses_above', 'f'), fc.array(tie('expr'), { maxLength: 3 }))
      .map(([name, args]): Expr => ({ kind: 'call', name, args, col })),
  ),
}));

describe('formatExpression / parseExpression round trip', () => {
  it('re-parses every printed tree to the same tree', () => {
    fc.assert(
      fc.property(expr, (tree) => {
        const text = formatExpression(tree);
        const parsed = parseExpression(text);
        expect(strip(parsed)).toEqual(strip(tree));
        // Printing is a fixed point: the canonical text prints as itself.
        expect(formatExpression(parsed)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but ExpressionError on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30, unit: fc.constantFrom(...'ab1.e(),+-*/<>=!&|" nort'.split('')) }),
        (text) => {
          try {
            parseExpression(text);
          } catch (error) {
            expect((error as Error).name).toBe('ExpressionError');
            expect((error as Error).message).not.toContain('\n');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
