export { type CompiledStrategy, type CompileOptions, compileStrategy } from './compile.js';
export {
  FLAT,
  LONG,
  type PositionState,
  SHORT,
  type Strategy,
  type StrategyRisk,
  type Transition,
  type TransitionAction,
} from './strategy.js';
