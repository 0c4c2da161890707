import type { BinaryOp, Expr, TypedExpr } from './ast.js';

/**
 * Prints a tree back as source with the fewest parentheses that keep its meaning, so that
 * `parseExpression(formatExpression(e))` gives `e` again (columns aside). Accepts both trees.
 */
export function formatExpression(expr: Expr | TypedExpr): string {
  return print(expr);
}

// Binding strength, loosest first; must mirror parser.ts.
const LEVEL = { or: 1, and: 2, not: 3, comparison: 4, additive: 5, multiplicative: 6, negate: 7, primary: 8 };

function binaryLevel(op: BinaryOp): number {
  switch (op) {
    case 'or':
      return LEVEL.or;
    case 'and':
      return LEVEL.and;
    case '+':
    case '-':
      return LEVEL.additive;
    case '*':
    case '/':
      return LEVEL.multiplicative;
    default:
      return LEVEL.comparison;
  }
}

function level(expr: Expr | TypedExpr): number {
  if (expr.kind === 'binary') return binaryLevel(expr.op);
  if (expr.kind === 'unary') return expr.op === 'not' ? LEVEL.not : LEVEL.negate;
  return LEVEL.primary;
}

function wrap(expr: Expr | TypedExpr, atLeast: number): string {
  const text = print(expr);
  return level(expr) >= atLeast ? text : `(${text})`;
}

function print(expr: Expr | TypedExpr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'bool':
      return String(expr.value);
    case 'string':
      return `"${expr.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    case 'name':
    case 'param':
    case 'indicator':
    case 'signal':
      return expr.name;
    case 'field':
      return expr.field;
    case 'unary':
      return expr.op === 'not' ? `not ${wrap(expr.arg, LEVEL.not)}` : `-${wrap(expr.arg, LEVEL.negate)}`;
    case 'binary': {
      const own = binaryLevel(expr.op);
      // Left-associative: an equal-strength right operand needs parentheses; comparisons never chain.
      const leftMin = own === LEVEL.comparison ? own + 1 : own;
      return `${wrap(expr.left, leftMin)} ${expr.op} ${wrap(expr.right, own + 1)}`;
    }
    case 'call':
      return `${'fn' in expr ? expr.fn : expr.name}(${expr.args.map((a) => print(a)).join(', ')})`;
  }
}
