import type { BinaryOp, TypedExpr, UnaryOp } from './ast.js';

/** Parameter values by name, as produced by `resolveParams`. */
export type ParamValues = Readonly<Record<string, number | boolean | string>>;
export type ConstValue = number | boolean | string;

/**
 * The value of a constant expression (literals, parameters and operators on them) for a set of
 * parameter values. Arithmetic follows IEEE doubles, so `1 / 0` is Infinity; callers that need a
 * finite value check for it. Throws a TypeError when the tree is not constant.
 */
export function evaluateConst(expr: TypedExpr, params: ParamValues): ConstValue {
  switch (expr.kind) {
    case 'number':
    case 'bool':
    case 'string':
      return expr.value;
    case 'param': {
      if (!Object.hasOwn(params, expr.name))
        throw new TypeError(`evaluateConst: no value for parameter '${expr.name}'`);
      return params[expr.name];
    }
    case 'unary':
      return applyUnary(expr.op, evaluateConst(expr.arg, params));
    case 'binary': {
      const left = evaluateConst(expr.left, params);
      // Short-circuit like the series evaluation does, so both agree on which side is evaluated.
      if (expr.op === 'and' && left === false) return false;
      if (expr.op === 'or' && left === true) return true;
      return applyBinary(expr.op, left, evaluateConst(expr.right, params));
    }
    case 'field':
      throw new TypeError(`evaluateConst: price field '${expr.field}' at col ${expr.col} is not a constant`);
    case 'indicator':
    case 'signal':
      throw new TypeError(`evaluateConst: ${expr.kind} '${expr.name}' at col ${expr.col} is not a constant`);
    case 'call':
      throw new TypeError(`evaluateConst: call to '${expr.fn}' at col ${expr.col} is not a constant`);
  }
}

export function applyUnary(op: UnaryOp, value: ConstValue): ConstValue {
  return op === 'not' ? !value : -(value as number);
}

export function applyBinary(op: BinaryOp, a: ConstValue, b: ConstValue): ConstValue {
  switch (op) {
    case '+':
      return (a as number) + (b as number);
    case '-':
      return (a as number) - (b as number);
    case '*':
      return (a as number) * (b as number);
    case '/':
      return (a as number) / (b as number);
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case 'and':
      return (a as boolean) && (b as boolean);
    case 'or':
      return (a as boolean) || (b as boolean);
  }
}
