import type { ValueType } from './ast.js';

/** What a parameter contributes to type checking. */
export interface ParamInfo {
  readonly type: 'int' | 'float' | 'bool' | 'choice';
  readonly value: ValueType;
  readonly min?: number;
  readonly options?: readonly (number | string)[];
}

/** The names an expression can see. */
export interface Scope {
  readonly params: ReadonlyMap<string, ParamInfo>;
  readonly indicators: ReadonlySet<string>;
  readonly signals: ReadonlySet<string>;
  /** Declared but themselves invalid: a reference is left unchecked since the definition is reported. */
  readonly broken: ReadonlySet<string>;
  /** A whole section could not be read, so an unknown name may well exist: do not report it. */
  readonly incomplete: boolean;
}

/**
 * Where an expression sits decides what it may reference and what it must yield:
 * indicators are number series (no signals), signals are bools, and constraints, risk values and
 * transition sizes are constants over parameters.
 */
export type ExprContext = 'indicator' | 'signal' | 'constraint' | 'risk' | 'size';

export const CONST_CONTEXTS: Readonly<Record<ExprContext, string | undefined>> = {
  indicator: undefined,
  signal: undefined,
  constraint: 'constraints',
  risk: 'risk values',
  size: 'sizes',
};

/** Thrown to stop checking an expression whose problem is already reported elsewhere. */
export class Unchecked extends Error {}
