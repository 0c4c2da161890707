export { DEMO_SPEC, DEMO_TRIALS, type DemoOptions, type DemoResult, runDemo } from './demo.js';
export { type OptimisePipelineOptions, type OptimisePipelineResult, runOptimisation } from './optimise-pipeline.js';
