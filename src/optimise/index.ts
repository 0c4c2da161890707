// What package users get (fleet/optimise), and beside it what the other modules also need.

export { parseMetric } from './objective.js';
export { optimisedEntry, readOptimisedBlock, writeOptimisedBlock } from './optimised-block.js';
export * from './public.js';
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
export { runStudyLoop, type StudyLoop } from './run-study.js';
export { neighbours } from './space.js';
export { MIN_SPLIT_BARS, planWalkForward, type WalkForwardFold } from './split.js';
export type { WalkForwardFoldResult, WalkForwardResult } from './walk-forward.js';
