export { type CreateSamplerOptions, createSampler, SAMPLER_NAMES, type SamplerName } from './create-sampler.js';
export { erf, erfc } from './erf.js';
export { GridExhaustedError, GridSampler, type GridSamplerOptions, gridSize } from './grid-sampler.js';
export { MAX_FEASIBILITY_DRAWS } from './random-draw.js';
export { RandomSampler, type RandomSamplerOptions } from './random-sampler.js';
export { TpeSampler, type TpeSamplerOptions } from './tpe-sampler.js';
export { defaultGamma, defaultWeights } from './tpe-trials.js';
export { logGaussMass, logNdtr, ndtr, ndtriExp, sampleTruncnorm, truncnormLogPdf, truncnormPpf } from './truncnorm.js';
export type {
  Direction,
  Distribution,
  ParamPoint,
  ParamValue,
  SampleContext,
  Sampler,
  SearchSpace,
  TrialRecord,
  TrialState,
} from './types.js';
