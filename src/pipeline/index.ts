export { DEMO_SPEC, DEMO_TRIALS, type DemoOptions, type DemoResult, runDemo } from './demo.js';
export { type DemoFleetOptions, type DemoFleetResult, demoBotName, runDemoFleet } from './demo-fleet.js';
export { type OptimisePipelineOptions, type OptimisePipelineResult, runOptimisation } from './optimise-pipeline.js';
export { recordTuned, type TunedComparison, type TunedEntry } from './record-tuned.js';
