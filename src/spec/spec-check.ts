import { didYouMean } from '../core/index.js';
import { PRICE_FIELDS, type TypedExpr } from './ast.js';
import { checkExpression } from './checker.js';
import { ExpressionError, type SpecIssue } from './errors.js';
import { isFunctionName } from './functions.js';
import { parseExpression } from './parser.js';
import type { ParameterSpec, SpecState, StrategySpec, TransitionAction } from './schema.js';
import { type ExprContext, type ParamInfo, type Scope, Unchecked } from './scope.js';
import { topoSort } from './topo.js';

export interface NamedExpr {
  readonly name: string;
  readonly expr: TypedExpr;
}

export interface CheckedTransition {
  readonly from: SpecState;
  readonly to: SpecState;
  readonly action: TransitionAction;
  readonly on: string;
  /** A constant number in (0, 1]; the literal 1 when the spec gives no size. */
  readonly size: TypedExpr;
}

export interface CheckedRisk {
  readonly stopLoss?: TypedExpr;
  readonly takeProfit?: TypedExpr;
  readonly positionSize?: TypedExpr;
}

/** A spec whose expressions are all parsed and typed, ready for the strategy compiler. */
export interface CheckedSpec {
  readonly spec: StrategySpec;
  /** Dependencies first. */
  readonly indicators: readonly NamedExpr[];
  /** Dependencies first (indicators are all computed before any signal). */
  readonly signals: readonly NamedExpr[];
  readonly constraints: readonly { readonly text: string; readonly expr: TypedExpr }[];
  readonly transitions: readonly CheckedTransition[];
  readonly risk: CheckedRisk;
}

export type CheckedParts = Omit<CheckedSpec, 'spec'>;

/**
 * The sections the cross-field checks read. When the schema check failed, `validate.ts` fills in
 * what it could salvage: missing sections are skipped, and `broken` names (declared, but invalid)
 * are not reported again when referenced.
 */
export interface SpecParts {
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly indicators?: Readonly<Record<string, string>>;
  readonly signals?: Readonly<Record<string, string>>;
  readonly constraints?: readonly string[];
  readonly states?: StrategySpec['states'];
  readonly risk?: StrategySpec['risk'];
  readonly broken: ReadonlySet<string>;
  readonly incomplete: boolean;
}

export function checkParts(parts: SpecParts): { issues: SpecIssue[]; checked: CheckedParts } {
  const issues: SpecIssue[] = [];
  checkNames(parts, issues);
  const scope = makeScope(parts);
  const typed = (path: string, text: string, context: ExprContext) => {
    try {
      return checkExpression(parseExpression(text), scope, context);
    } catch (error) {
      if (error instanceof ExpressionError) issues.push({ path, message: error.message });
      else if (!(error instanceof Unchecked)) throw error;
      return undefined;
    }
  };

  const constraints: { text: string; expr: TypedExpr }[] = [];
  (parts.constraints ?? []).forEach((text, i) => {
    const result = typed(`constraints[${i}]`, text, 'constraint');
    if (result) constraints.push({ text, expr: result.expr });
  });
  const indicators = orderSection('indicators', parts.indicators ?? {}, 'indicator', typed, issues);
  const signals = orderSection('signals', parts.signals ?? {}, 'signal', typed, issues);

  const transitions: CheckedTransition[] = [];
  if (parts.states) {
    const { initial, transitions: list } = parts.states;
    list.forEach((t, i) => {
      const path = `states.transitions[${i}]`;
      const problem = actionProblem(t.action, t.from, t.to);
      if (problem) issues.push({ path: `${path}.action`, message: problem });
      if (parts.signals && !Object.hasOwn(parts.signals, t.on) && !parts.broken.has(t.on) && !parts.incomplete) {
        const hint = didYouMean(t.on, Object.keys(parts.signals));
        issues.push({ path: `${path}.on`, message: `'${t.on}' is not a signal${hint}` });
      }
      const size = literalOr(`${path}.size`, t.size ?? 1, 'size', typed);
      if (size) transitions.push({ from: t.from, to: t.to, action: t.action, on: t.on, size });
    });
    if (!list.some((t) => t.from === initial)) {
      issues.push({ path: 'states.transitions', message: `no transition leaves the initial state '${initial}'` });
    }
  }

  const risk: { stopLoss?: TypedExpr; takeProfit?: TypedExpr; positionSize?: TypedExpr } = {};
  const r = parts.risk ?? {};
  if (r.stop_loss !== undefined) risk.stopLoss = literalOr('risk.stop_loss', r.stop_loss, 'risk', typed);
  if (r.take_profit !== undefined) risk.takeProfit = literalOr('risk.take_profit', r.take_profit, 'risk', typed);
  if (r.position_size !== undefined) {
    risk.positionSize = literalOr('risk.position_size', r.position_size, 'risk', typed);
  }
  return { issues, checked: { indicators, signals, constraints, transitions, risk } };
}

type Typed = (
  path: string,
  text: string,
  context: ExprContext,
) => { expr: TypedExpr; deps: readonly string[] } | undefined;

function literalOr(path: string, value: number | string, context: ExprContext, typed: Typed): TypedExpr | undefined {
  if (typeof value === 'number') return { kind: 'number', value, col: 1, type: { value: 'number', shape: 'const' } };
  return typed(path, value, context)?.expr;
}

/** Types each definition, then orders them by their references to the same section. */
function orderSection(
  section: 'indicators' | 'signals',
  defs: Readonly<Record<string, string>>,
  context: ExprContext,
  typed: Typed,
  issues: SpecIssue[],
): NamedExpr[] {
  const exprs = new Map<string, TypedExpr>();
  const deps = new Map<string, readonly string[]>();
  for (const [name, text] of Object.entries(defs)) {
    const result = typed(`${section}.${name}`, text, context);
    if (result === undefined) continue;
    exprs.set(name, result.expr);
    deps.set(name, result.deps);
  }
  const { order, cycles } = topoSort([...exprs.keys()], deps);
  for (const cycle of cycles) issues.push({ path: `${section}.${cycle[0]}`, message: `cycle ${cycle.join(' -> ')}` });
  return order.map((name) => ({ name, expr: exprs.get(name)! }));
}

function actionProblem(action: TransitionAction, from: SpecState, to: SpecState): string | undefined {
  if (from === to) return `a transition must change the state; from and to are both '${from}'`;
  const ok =
    action === 'enter' ? from === 'flat' : action === 'exit' ? to === 'flat' : from !== 'flat' && to !== 'flat';
  if (ok) return undefined;
  const rule = {
    enter: 'flat to long or short',
    exit: 'long or short to flat',
    reverse: 'long to short or short to long',
  };
  const fit = from === 'flat' ? 'enter' : to === 'flat' ? 'exit' : 'reverse';
  return `'${action}' goes from ${rule[action]}, not ${from} to ${to}; use '${fit}'`;
}

const RESERVED: ReadonlyMap<string, string> = new Map([
  ...PRICE_FIELDS.map((f): [string, string] => [f, 'a price field']),
  ...['and', 'or', 'not', 'true', 'false'].map((k): [string, string] => [k, 'a keyword']),
]);

function checkNames(parts: SpecParts, issues: SpecIssue[]): void {
  const owner = new Map<string, string>();
  const sections = [
    ['parameters', 'a parameter', parts.parameters],
    ['indicators', 'an indicator', parts.indicators ?? {}],
    ['signals', 'a signal', parts.signals ?? {}],
  ] as const;
  for (const [section, what, defs] of sections) {
    for (const name of Object.keys(defs)) {
      const path = `${section}.${name}`;
      const reserved = RESERVED.get(name) ?? (isFunctionName(name) ? 'a function' : undefined);
      if (reserved) issues.push({ path, message: `'${name}' is reserved (${reserved})` });
      else if (owner.has(name)) issues.push({ path, message: `'${name}' is already ${owner.get(name)}` });
      else owner.set(name, what);
    }
  }
}

function makeScope(parts: SpecParts): Scope {
  const params = new Map<string, ParamInfo>();
  for (const [name, p] of Object.entries(parts.parameters)) params.set(name, paramInfo(p));
  return {
    params,
    indicators: new Set(Object.keys(parts.indicators ?? {})),
    signals: new Set(Object.keys(parts.signals ?? {})),
    broken: parts.broken,
    incomplete: parts.incomplete,
  };
}

function paramInfo(p: ParameterSpec): ParamInfo {
  switch (p.type) {
    case 'int':
      return { type: 'int', value: 'number', min: p.min };
    case 'float':
      return { type: 'float', value: 'number', min: p.min };
    case 'bool':
      return { type: 'bool', value: 'bool' };
    case 'choice':
      return { type: 'choice', value: typeof p.options[0] === 'string' ? 'string' : 'number', options: p.options };
  }
}
