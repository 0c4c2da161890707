/**
 * strategy_spec.json: its schema, the expression language (lex → parse → check) and parameter
 * resolution. The strategy compiler consumes `CheckedSpec` and `TypedExpr` from here.
 */
export {
  type ArithmeticOp,
  type BinaryOp,
  type ComparisonOp,
  type Expr,
  type ExprType,
  type LogicalOp,
  PRICE_FIELDS,
  type PriceField,
  type Shape,
  type TypedExpr,
  type UnaryOp,
  type ValueType,
} from './ast.js';
export { type ConstValue, evaluateConst, type ParamValues } from './const-eval.js';
export { ExpressionError, SpecError, type SpecIssue } from './errors.js';
export { formatExpression } from './format.js';
export { type ArgKind, FUNCTIONS, type FunctionName, type FunctionSignature, isFunctionName } from './functions.js';
export { lex, type Token } from './lexer.js';
export { parseJson, readSpecFile, readSpecJson } from './load.js';
export { type OptimisedValues, optimisedValues } from './optimised.js';
export { parseParamAssignments, resolveParams } from './params.js';
export { parseExpression } from './parser.js';
export {
  type ParameterSpec,
  RISK_RAIL_KEYS,
  RISK_RAIL_RULES,
  type RiskRailKey,
  riskRailExpectation,
  riskRailFields,
  type SpecState,
  type StrategySpec,
  type StrategySpecInput,
  specJsonSchema,
  type TransitionAction,
} from './schema.js';
export type { CheckedRisk, CheckedSpec, CheckedTransition, NamedExpr } from './spec-check.js';
export { checkSpec, loadSpec, type ValidationResult, validateSpec } from './validate.js';
