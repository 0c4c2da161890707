export { DEMO_IDEA, DEMO_TRIALS, type DemoOptions, type DemoResult, runDemo } from './demo.js';
export { type DemoFleetOptions, type DemoFleetResult, demoBotName, runDemoFleet } from './demo-fleet.js';
export { designerStage } from './designer-stage.js';
export { type OptimisePipelineOptions, type OptimisePipelineResult, runOptimisation } from './optimise-pipeline.js';
export {
  type DesignInput,
  type DesignOutput,
  type DesignStage,
  PIPELINE_KIND,
  PIPELINE_STAGES,
  type PipelineInput,
  type PipelineRun,
  type RunPipelineOptions,
  type StageName,
  type StageNotice,
  type StageRecord,
} from './pipeline-run.js';
export { recordTuned, type TunedComparison, type TunedEntry } from './record-tuned.js';
export { tunedBotName } from './register-tuned.js';
export { pipelineEvents, pipelineRun, pipelineRuns, runPipeline } from './run-pipeline.js';
