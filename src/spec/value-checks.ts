import type { TypedExpr } from './ast.js';
import { evaluateConst, type ParamValues } from './const-eval.js';
import type { SpecIssue } from './errors.js';
import { formatExpression } from './format.js';
import { FUNCTIONS } from './functions.js';
import type { CheckedParts } from './spec-check.js';

/**
 * What can only be judged once parameter values are known: constraints hold, every window
 * length is a whole number >= 1, and risk values and sizes are fractions in range. Run with the
 * defaults by validation and with the chosen values by `resolveParams`.
 */
export function valueProblems(checked: CheckedParts, params: ParamValues): SpecIssue[] {
  const issues: SpecIssue[] = [];
  checked.constraints.forEach(({ text, expr }, i) => {
    if (evaluateConst(expr, params) !== true) {
      const values = paramsIn(expr).map((name) => `${name}=${String(params[name])}`);
      const shown = values.length === 0 ? '' : ` (${values.join(', ')})`;
      issues.push({ path: `constraints[${i}]`, message: `constraint '${text}' is violated${shown}` });
    }
  });
  for (const [section, defs] of [
    ['indicators', checked.indicators],
    ['signals', checked.signals],
  ] as const) {
    for (const { name, expr } of defs) {
      const problem = argumentProblem(expr, params);
      if (problem) issues.push({ path: `${section}.${name}`, message: problem });
    }
  }
  const fraction = (path: string, label: string, expr: TypedExpr | undefined, closed: boolean) => {
    if (expr === undefined) return;
    const value = evaluateConst(expr, params) as number;
    const ok = Number.isFinite(value) && value > 0 && (closed ? value <= 1 : value < 1);
    if (ok) return;
    const shown = expr.kind === 'number' ? '' : ` (${formatExpression(expr)})`;
    const range = closed ? '(0, 1]' : '(0, 1)';
    issues.push({ path, message: `${label} is ${value}${shown}; it must be a fraction in ${range}` });
  };
  fraction('risk.stop_loss', 'stop_loss', checked.risk.stopLoss, false);
  fraction('risk.take_profit', 'take_profit', checked.risk.takeProfit, false);
  fraction('risk.position_size', 'position_size', checked.risk.positionSize, true);
  checked.transitions.forEach((t, i) => {
    fraction(`states.transitions[${i}].size`, 'size', t.size, true);
  });
  return issues;
}

/** The first constant argument of a call (anywhere in `expr`) that is out of its domain. */
function argumentProblem(expr: TypedExpr, params: ParamValues): string | undefined {
  for (const node of walk(expr)) {
    if (node.kind !== 'call') continue;
    const sig = FUNCTIONS[node.fn];
    for (let i = 0; i < node.args.length; i++) {
      const arg = node.args[i];
      const { kind, name } = sig.args[i];
      if (kind !== 'period' && kind !== 'number') continue;
      const value = evaluateConst(arg, params) as number;
      const ok = kind === 'period' ? Number.isInteger(value) && value >= 1 : Number.isFinite(value);
      if (ok) continue;
      const need = kind === 'period' ? 'a whole number >= 1' : 'a finite number';
      return `${node.fn}: argument ${i + 1} (${name}) ${formatExpression(arg)} is ${value}; it must be ${need}`;
    }
  }
  return undefined;
}

function* walk(expr: TypedExpr): Generator<TypedExpr> {
  yield expr;
  if (expr.kind === 'unary') yield* walk(expr.arg);
  else if (expr.kind === 'binary') {
    yield* walk(expr.left);
    yield* walk(expr.right);
  } else if (expr.kind === 'call') {
    for (const arg of expr.args) yield* walk(arg);
  }
}

/** Parameters used by `expr`, in order of first appearance. */
export function paramsIn(expr: TypedExpr): string[] {
  const names: string[] = [];
  for (const node of walk(expr)) if (node.kind === 'param' && !names.includes(node.name)) names.push(node.name);
  return names;
}
