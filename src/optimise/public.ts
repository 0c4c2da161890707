/**
 * `fleet/optimise`: studies over any objective (createStudy), the spec optimiser the CLI runs
 * (optimise), the samplers and the storage port. Curated for package users; the module's own
 * index.ts is what other modules import.
 */

export type { StoredTrial, StudyKey, StudyStorage } from '../core/index.js';
export { type ParamImportance, parameterImportance } from './importance.js';
/** Where trials are kept: in memory here; `StoreStudyStorage` from `fleet/store` keeps them in the database. */
export { MemoryStudyStorage } from './memory-storage.js';
export {
  DEFAULT_OBJECTIVE_CONSTRAINTS,
  OBJECTIVE_METRICS,
  type ObjectiveConstraints,
  type ObjectiveMetric,
  objectiveValue,
} from './objective.js';
/** What `fleet optimise` runs: a study per instrument, judged out of sample. */
export { type InstrumentOptimisation, type OptimiseOptions, type OptimiseResult, optimise } from './optimise.js';
export { PROPOSAL_WINDOW, type TrialEvent } from './run-study.js';
/** Samplers, and the contract a sampler of your own implements. */
export {
  createSampler,
  type Direction,
  type Distribution,
  GridExhaustedError,
  GridSampler,
  type ParamPoint,
  type ParamValue,
  RandomSampler,
  type SampleContext,
  type Sampler,
  type SamplerName,
  type SearchSpace,
  TpeSampler,
  type TpeSamplerOptions,
  type TrialRecord,
} from './samplers/index.js';
/** A spec's parameters as a search space, and the backtest objectives `fleet optimise` offers. */
export { feasibleFor, searchSpace } from './space.js';
export { planSplit, type SplitPlan } from './split.js';
/** A study over any objective function of yours. */
export {
  createStudy,
  type Objective,
  type ParamDistribution,
  type Study,
  type StudyOptions,
  type StudyResult,
  type StudyRunOptions,
  type StudyTrial,
} from './study.js';
