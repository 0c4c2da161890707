import type { Progress, Timeframe } from '../core/index.js';
import type { TrialEvent } from '../optimise/index.js';
import type { Store } from '../store/index.js';

/** The stages of `fleet pipeline`, in the order they run. */
export const PIPELINE_STAGES = ['design', 'screen', 'optimise', 'register'] as const;
export type StageName = (typeof PIPELINE_STAGES)[number];

/** The `kind` of a pipeline's rows in `pipeline_runs` (and the prefix of its events' kinds). */
export const PIPELINE_KIND = 'pipeline';

/**
 * The design stage: an idea in a sentence → a strategy spec (JSON, checked by the pipeline).
 * The designer (src/designer) plugs in here; the pipeline knows nothing else about it.
 */
export interface DesignInput {
  readonly idea: string;
  readonly timeframe: Timeframe;
  readonly name?: string;
}
export interface DesignOutput {
  readonly spec: unknown;
  /** How the spec was made (designer, model, rounds…): recorded with the stage as given. */
  readonly provenance?: unknown;
}
export type DesignStage = (input: DesignInput) => Promise<DesignOutput>;

/** What a run was asked to do: persisted with it, so a resumed run does exactly the same. */
export interface PipelineInput {
  /** The idea to design from; or `specFile` to start from an existing spec (design copies it). */
  readonly idea?: string;
  readonly specFile?: string;
  /** The tuned spec's name (its file strategies/NAME.json); default: the spec's name and timeframe. */
  readonly name?: string;
  readonly timeframe?: Timeframe;
  /** Instruments to screen; default the spec's universe. */
  readonly universe?: readonly string[];
  /** Data source as the research commands take it (sandbox, csv:FILE, cache). */
  readonly source: string;
  /** Exchange the registered bots trade on. */
  readonly exchange: string;
  readonly bars: number;
  readonly seed: number;
  readonly top: number;
  readonly trials: number;
  readonly minTrades: number;
  readonly split: number;
  /** Stages that wait for a yes before they start. */
  readonly gates: readonly StageName[];
  /** The project folder (fleet.config.json, strategies/, .fleet/). */
  readonly projectDir: string;
}

export type StageStatus = 'running' | 'done' | 'failed';

export interface StageRecord {
  readonly status: StageStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Wall time of the attempt that finished (or failed). */
  readonly ms?: number;
  /** How many times the stage was started (a resumed stage counts again). */
  readonly attempts: number;
  readonly output?: unknown;
  /** The stage's key numbers in one line (its event's message, without the run and the time). */
  readonly summary?: string;
  readonly error?: string;
}

export type RunState = 'running' | 'gated' | 'done' | 'failed';

/** The document kept in `pipeline_runs.data`. */
export interface PipelineRunData {
  readonly input: PipelineInput;
  readonly stages: Partial<Record<StageName, StageRecord>>;
  /** Gates a person (or a resume) has passed. */
  readonly approved: readonly StageName[];
  /** The stage whose gate stopped the run (state `gated`). */
  readonly gatedAt?: StageName;
  readonly error?: string;
  /** Who is running it now: host:pid (so `ls` can tell a killed run from a live one). */
  readonly worker?: string;
}

/** A run as `fleet pipeline --json` and `fleet pipeline ls` show it. */
export interface PipelineRun extends PipelineRunData {
  readonly id: number;
  readonly state: RunState;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the stage runner reports as it goes (the CLI draws it on stderr). */
export interface StageNotice {
  readonly run: number;
  readonly stage: StageName;
  /** `skipped`: finished by an earlier attempt of this run. */
  readonly status: 'started' | 'done' | 'skipped' | 'failed';
  readonly record?: StageRecord;
  /** The stage's key numbers in one line (the same as its event's message). */
  readonly message?: string;
}

export interface RunPipelineOptions {
  readonly store: Store;
  /** A new run's input; or `resume` with the id of a run to continue. */
  readonly input?: PipelineInput;
  readonly resume?: number;
  readonly design: DesignStage;
  /**
   * Asked before a gated stage: true goes on. Without it a gated stage stops the run (state
   * `gated`); `resume` later passes that gate.
   */
  readonly gate?: (run: PipelineRun, stage: StageName) => Promise<boolean>;
  readonly workers?: number;
  readonly onStage?: (notice: StageNotice) => void;
  readonly onScreen?: Progress;
  readonly onTrial?: (symbol: string, event: TrialEvent) => void;
}
