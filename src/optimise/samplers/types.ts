/**
 * The samplers' contract: what the optimiser searches over, what it has tried, and the one call a
 * sampler answers. Plain data throughout, so trials can be stored and a study resumed from them.
 */

export type Distribution =
  | { readonly kind: 'int'; readonly low: number; readonly high: number; readonly step: number; readonly log: boolean }
  | {
      readonly kind: 'float';
      readonly low: number;
      readonly high: number;
      readonly step?: number;
      readonly log: boolean;
    }
  | { readonly kind: 'categorical'; readonly choices: readonly (number | string | boolean)[] };
export type SearchSpace = Readonly<Record<string, Distribution>>;
export type ParamValue = number | string | boolean;
export type ParamPoint = Readonly<Record<string, ParamValue>>;
export type TrialState = 'complete' | 'running' | 'failed';
export interface TrialRecord {
  readonly number: number;
  readonly params: ParamPoint;
  readonly state: TrialState;
  readonly value?: number;
}
export type Direction = 'maximize' | 'minimize';
export interface SampleContext {
  readonly space: SearchSpace;
  /** Every trial of the study so far, in number order, running ones included. */
  readonly trials: readonly TrialRecord[];
  readonly direction: Direction;
  /** A point must satisfy this (the spec's constraints, e.g. fast < slow); never return one that does not. */
  readonly feasible?: (point: ParamPoint) => boolean;
}
export interface Sampler {
  readonly name: string;
  /** The next point to evaluate. Deterministic: same seed and same trials, same point. */
  sample(context: SampleContext): ParamPoint;
}
