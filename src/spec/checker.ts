import { didYouMean } from '../core/index.js';
import { type Expr, type ExprType, PRICE_FIELDS, type Shape, type TypedExpr, type ValueType } from './ast.js';
import { applyBinary, applyUnary, type ConstValue } from './const-eval.js';
import { ExpressionError } from './errors.js';
import { type ArgKind, FUNCTIONS, type FunctionSignature, isFunctionName } from './functions.js';
import { CONST_CONTEXTS, type ExprContext, type Scope, Unchecked } from './scope.js';

/**
 * Resolves names and infers types. Besides the tree, it tracks for constant numbers whether they
 * are sure to be whole (a 'period' needs that) and the folded value of parameter-free parts.
 */
interface Checked {
  readonly t: TypedExpr;
  /** true, or why the number may not be whole. */
  readonly whole: true | string;
  /** The value when the expression uses no parameters and no series. */
  readonly folded?: ConstValue;
}

export interface CheckResult {
  readonly expr: TypedExpr;
  /** Indicators and signals referenced, in order of first use. */
  readonly deps: readonly string[];
}

const FIELDS: ReadonlySet<string> = new Set(PRICE_FIELDS);
const RESULT: Readonly<Record<ExprContext, ValueType>> = {
  indicator: 'number',
  signal: 'bool',
  constraint: 'bool',
  risk: 'number',
  size: 'number',
};

/** Throws ExpressionError for a problem in this expression, Unchecked when it depends on a broken name. */
export function checkExpression(expr: Expr, scope: Scope, context: ExprContext): CheckResult {
  const deps: string[] = [];
  const result = new Checker(scope, context, deps).check(expr);
  const want = RESULT[context];
  if (result.t.type.value !== want) {
    throw new ExpressionError(`expected ${article(want)} expression, got ${article(result.t.type.value)}`);
  }
  return { expr: result.t, deps };
}

/** Where an expression starts: a binary node's own column is its operator's. */
export function startCol(expr: Expr): number {
  let node = expr;
  while (node.kind === 'binary') node = node.left;
  return node.col;
}

function article(value: ValueType): string {
  return value === 'number' ? 'a number' : value === 'bool' ? 'a bool' : 'a string';
}

const type = (value: ValueType, shape: Shape): ExprType => ({ value, shape });
const widest = (a: TypedExpr, b: TypedExpr): Shape =>
  a.type.shape === 'series' || b.type.shape === 'series' ? 'series' : 'const';

class Checker {
  constructor(
    private readonly scope: Scope,
    private readonly context: ExprContext,
    private readonly deps: string[],
  ) {}

  check(expr: Expr): Checked {
    switch (expr.kind) {
      case 'number': {
        const whole = Number.isInteger(expr.value) ? true : `${expr.value} is not whole`;
        return { t: { ...expr, type: type('number', 'const') }, whole, folded: expr.value };
      }
      case 'bool':
        return { t: { ...expr, type: type('bool', 'const') }, whole: 'not a number', folded: expr.value };
      case 'string':
        return { t: { ...expr, type: type('string', 'const') }, whole: 'not a number', folded: expr.value };
      case 'name':
        return this.name(expr.name, expr.col);
      case 'unary':
        return this.unary(expr);
      case 'binary':
        return this.binary(expr);
      case 'call':
        return this.call(expr);
    }
  }

  private restricted(name: string, what: string, col: number): never {
    const noun = CONST_CONTEXTS[this.context];
    throw new ExpressionError(`${noun} may use only parameters and literals; '${name}' is ${what}`, col);
  }

  private name(name: string, col: number): Checked {
    const constOnly = CONST_CONTEXTS[this.context] !== undefined;
    if (FIELDS.has(name)) {
      if (constOnly) this.restricted(name, 'a price series', col);
      const field = name as (typeof PRICE_FIELDS)[number];
      return { t: { kind: 'field', field, col, type: type('number', 'series') }, whole: 'a series' };
    }
    const param = this.scope.params.get(name);
    if (param !== undefined) {
      let whole: true | string = true;
      if (param.type === 'float') whole = `parameter '${name}' is a float`;
      const fraction = param.options?.find((o) => typeof o === 'number' && !Number.isInteger(o));
      if (fraction !== undefined) whole = `parameter '${name}' has the option ${fraction}`;
      return { t: { kind: 'param', name, col, type: type(param.value, 'const') }, whole };
    }
    if (this.scope.indicators.has(name)) {
      if (constOnly) this.restricted(name, 'an indicator', col);
      this.depend(name);
      return { t: { kind: 'indicator', name, col, type: type('number', 'series') }, whole: 'a series' };
    }
    if (this.scope.signals.has(name)) {
      if (constOnly) this.restricted(name, 'a signal', col);
      if (this.context === 'indicator') {
        throw new ExpressionError(`indicators may not reference signals; '${name}' is a signal`, col);
      }
      this.depend(name);
      return { t: { kind: 'signal', name, col, type: type('bool', 'series') }, whole: 'a series' };
    }
    if (isFunctionName(name)) {
      const args = FUNCTIONS[name].args.map((a) => a.name).join(', ');
      throw new ExpressionError(`'${name}' is a function`, col, `; call it as ${name}(${args})`);
    }
    if (this.scope.broken.has(name) || this.scope.incomplete) throw new Unchecked();
    throw new ExpressionError(`unknown name '${name}'`, col, didYouMean(name, this.visibleNames()));
  }

  private depend(name: string): void {
    if (!this.deps.includes(name)) this.deps.push(name);
  }

  private visibleNames(): string[] {
    const params = [...this.scope.params.keys()];
    if (CONST_CONTEXTS[this.context] !== undefined) return params;
    const names = [...PRICE_FIELDS, ...params, ...this.scope.indicators];
    return this.context === 'signal' ? [...names, ...this.scope.signals] : names;
  }

  private unary(expr: Extract<Expr, { kind: 'unary' }>): Checked {
    const arg = this.check(expr.arg);
    const want: ValueType = expr.op === 'not' ? 'bool' : 'number';
    if (arg.t.type.value !== want) {
      throw new ExpressionError(`'${expr.op}' needs ${article(want)}, got ${article(arg.t.type.value)}`, expr.col);
    }
    const t: TypedExpr = { kind: 'unary', op: expr.op, arg: arg.t, col: expr.col, type: type(want, arg.t.type.shape) };
    const folded = arg.folded === undefined ? undefined : applyUnary(expr.op, arg.folded);
    return { t, whole: arg.whole, folded };
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): Checked {
    const left = this.check(expr.left);
    const right = this.check(expr.right);
    const { op, col } = expr;
    const [lt, rt] = [left.t.type.value, right.t.type.value];
    let value: ValueType;
    let whole: true | string = 'not a number';
    if (op === 'and' || op === 'or') {
      const bad = lt !== 'bool' ? lt : rt !== 'bool' ? rt : undefined;
      if (bad !== undefined) throw new ExpressionError(`'${op}' needs bools, got ${article(bad)}`, col);
      value = 'bool';
    } else if (op === '==' || op === '!=') {
      if (lt === 'string' || rt === 'string') this.stringComparison(expr, left, right);
      else if (lt !== rt) {
        throw new ExpressionError(`'${op}' compares values of one type, got ${article(lt)} and ${article(rt)}`, col);
      }
      value = 'bool';
    } else {
      const bad = lt !== 'number' ? lt : rt !== 'number' ? rt : undefined;
      if (bad !== undefined) throw new ExpressionError(`'${op}' needs numbers, got ${article(bad)}`, col);
      if (op === '/' && right.folded === 0) throw new ExpressionError('division by zero', col);
      const arithmetic = op === '+' || op === '-' || op === '*' || op === '/';
      value = arithmetic ? 'number' : 'bool';
      if (op === '/') whole = "'/' can give a fraction";
      else if (arithmetic) whole = left.whole !== true ? left.whole : right.whole;
    }
    const t: TypedExpr = {
      kind: 'binary',
      op,
      left: left.t,
      right: right.t,
      col,
      type: type(value, widest(left.t, right.t)),
    };
    const both = left.folded !== undefined && right.folded !== undefined;
    const folded = both ? applyBinary(op, left.folded as ConstValue, right.folded as ConstValue) : undefined;
    if (typeof folded === 'number' && Number.isInteger(folded)) whole = true;
    return { t, whole, folded };
  }

  /** Strings exist only to be compared with a string choice parameter, so both of these must hold. */
  private stringComparison(expr: Extract<Expr, { kind: 'binary' }>, left: Checked, right: Checked): void {
    const [lt, rt] = [left.t.type.value, right.t.type.value];
    if (lt !== rt) {
      const other = lt === 'string' ? rt : lt;
      throw new ExpressionError(
        `a string can only be compared with a string choice parameter, got ${article(other)}`,
        expr.col,
      );
    }
    const param = [left.t, right.t].find((t) => t.kind === 'param');
    if (param === undefined || param.kind !== 'param') {
      throw new ExpressionError('a string can only be compared with a string choice parameter', expr.col);
    }
    const literal = [left.t, right.t].find((t) => t.kind === 'string');
    const options = (this.scope.params.get(param.name)?.options ?? []).map(String);
    if (literal !== undefined && literal.kind === 'string' && !options.includes(literal.value)) {
      const list = options.map((o) => JSON.stringify(o)).join(', ');
      throw new ExpressionError(
        `${JSON.stringify(literal.value)} is not an option of parameter '${param.name}' (${list})`,
        literal.col,
        didYouMean(literal.value, options),
      );
    }
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): Checked {
    const { name, col } = expr;
    if (!isFunctionName(name)) {
      const known = FIELDS.has(name) || this.scope.params.has(name);
      if (known || this.scope.indicators.has(name) || this.scope.signals.has(name)) {
        throw new ExpressionError(`'${name}' is not a function`, col);
      }
      throw new ExpressionError(`unknown function '${name}'`, col, didYouMean(name, Object.keys(FUNCTIONS)));
    }
    if (CONST_CONTEXTS[this.context] !== undefined) this.restricted(name, 'a series function', col);
    const sig: FunctionSignature = FUNCTIONS[name];
    if (expr.args.length !== sig.args.length) {
      const n = sig.args.length;
      const names = sig.args.map((a) => a.name).join(', ');
      throw new ExpressionError(
        `'${name}' takes ${n} argument${n === 1 ? '' : 's'} (${names}), got ${expr.args.length}`,
        col,
      );
    }
    const args = expr.args.map((arg, i) => {
      const checked = this.check(arg);
      const spec = sig.args[i];
      checkArg(checked, spec.kind, `${name}: argument ${i + 1} (${spec.name})`, startCol(arg), this.scope);
      return checked.t;
    });
    return { t: { kind: 'call', fn: name, args, col, type: type(sig.returns, 'series') }, whole: 'a series' };
  }
}

function checkArg(arg: Checked, kind: ArgKind, what: string, col: number, scope: Scope): void {
  const { value, shape } = arg.t.type;
  const want: ValueType = kind === 'bool' ? 'bool' : 'number';
  if (value !== want) throw new ExpressionError(`${what} must be ${article(want)}, got ${article(value)}`, col);
  if ((kind === 'period' || kind === 'number') && shape !== 'const') {
    throw new ExpressionError(`${what} must be a constant, got a series`, col);
  }
  if (kind !== 'period') return;
  if (typeof arg.folded === 'number') {
    if (!Number.isInteger(arg.folded) || arg.folded < 1) {
      throw new ExpressionError(`${what} must be a whole number >= 1, got ${arg.folded}`, col);
    }
    return;
  }
  if (arg.whole !== true) throw new ExpressionError(`${what} needs a whole number; ${arg.whole}`, col);
  if (arg.t.kind === 'param') {
    const info = scope.params.get(arg.t.name);
    const low = info?.options?.find((o) => typeof o === 'number' && o < 1);
    if (low !== undefined) {
      throw new ExpressionError(`${what} must be >= 1, but parameter '${arg.t.name}' has the option ${low}`, col);
    }
    if (info?.min !== undefined && info.min < 1) {
      throw new ExpressionError(`${what} must be >= 1, but parameter '${arg.t.name}' allows ${info.min}`, col);
    }
  }
}
