export { type CompiledStrategy, type CompileOptions, compileStrategy } from './compile.js';
export { type EjectedStrategy, type EjectOptions, ejectStrategy } from './eject.js';
export { type EjectFilesOptions, type EjectFilesResult, ejectSpecFile } from './eject-files.js';
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
