export { type ParamImportance, parameterImportance } from './importance.js';
export { MemoryStudyStorage } from './memory-storage.js';
export {
  DEFAULT_OBJECTIVE_CONSTRAINTS,
  OBJECTIVE_METRICS,
  type ObjectiveConstraints,
  type ObjectiveMetric,
  objectiveValue,
  parseMetric,
} from './objective.js';
export { type InstrumentOptimisation, type OptimiseOptions, type OptimiseResult, optimise } from './optimise.js';
export { optimisedEntry, readOptimisedBlock, writeOptimisedBlock } from './optimised-block.js';
export {
  formatMetric,
  formatNumber,
  formatParams,
  formatPercent,
  formatPeriod,
  type InstrumentReport,
  METRIC_ROWS,
  writeInstrumentReport,
} from './report/index.js';
export { PROPOSAL_WINDOW, runStudyLoop, type StudyLoop, type TrialEvent } from './run-study.js';
export {
  createSampler,
  type Distribution,
  GridExhaustedError,
  GridSampler,
  type ParamPoint,
  RandomSampler,
  type Sampler,
  type SamplerName,
  type SearchSpace,
  TpeSampler,
} from './samplers/index.js';
export { feasibleFor, neighbours, searchSpace } from './space.js';
export { MIN_SPLIT_BARS, planSplit, planWalkForward, type SplitPlan, type WalkForwardFold } from './split.js';
export type { WalkForwardFoldResult, WalkForwardResult } from './walk-forward.js';
