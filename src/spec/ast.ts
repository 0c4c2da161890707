/**
 * The expression language's trees. The parser makes `Expr` (names unresolved); the checker turns it
 * into `TypedExpr`, where every name is resolved to what it refers to and every node carries its
 * type. The strategy compiler only ever sees `TypedExpr`.
 * `col` is the 1-based column in the expression's source text, for error messages.
 */

export type UnaryOp = '-' | 'not';
export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

export const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly col: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly col: number }
  | { readonly kind: 'string'; readonly value: string; readonly col: number }
  | { readonly kind: 'name'; readonly name: string; readonly col: number }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr; readonly col: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly col: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly col: number };

/**
 * `const` values are known before the first bar (literals, parameters and arithmetic on them);
 * `series` values change bar by bar (prices, indicators, signals).
 */
export type Shape = 'const' | 'series';
export type ValueType = 'number' | 'bool' | 'string';
export interface ExprType {
  readonly value: ValueType;
  readonly shape: Shape;
}

interface Typed {
  readonly col: number;
  readonly type: ExprType;
}

export type TypedExpr =
  | (Typed & { readonly kind: 'number'; readonly value: number })
  | (Typed & { readonly kind: 'bool'; readonly value: boolean })
  | (Typed & { readonly kind: 'string'; readonly value: string })
  | (Typed & { readonly kind: 'field'; readonly field: PriceField })
  | (Typed & { readonly kind: 'param'; readonly name: string })
  | (Typed & { readonly kind: 'indicator'; readonly name: string })
  | (Typed & { readonly kind: 'signal'; readonly name: string })
  | (Typed & { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: TypedExpr })
  | (Typed & { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: TypedExpr; readonly right: TypedExpr })
  | (Typed & { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly TypedExpr[] });

import type { FunctionName } from './functions.js';
