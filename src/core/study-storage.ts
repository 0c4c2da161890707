/**
 * Where an optimisation study keeps its trials. In memory for now; the database-backed storage
 * implements the same port so that a study survives a crash and several processes can share one.
 */

export type StoredParamValue = number | string | boolean;
export type StoredTrialState = 'running' | 'complete' | 'failed';

export interface StoredTrial {
  readonly number: number;
  readonly params: Readonly<Record<string, StoredParamValue>>;
  readonly state: StoredTrialState;
  /** The objective, for a complete trial; null when the trial broke a constraint. */
  readonly value?: number | null;
  /** Whatever the study records beside the value (the backtest's metrics). */
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

export interface StudyKey {
  /** A name that identifies the study, e.g. `ema-cross/SBX-TREND`. */
  readonly name: string;
}

export interface StudyStorage {
  /** Trials of the study in number order (none for a new study). */
  trials(study: StudyKey): Promise<StoredTrial[]>;
  /** Records a new running trial and returns its number. */
  startTrial(study: StudyKey, params: Readonly<Record<string, StoredParamValue>>): Promise<number>;
  finishTrial(
    study: StudyKey,
    number: number,
    outcome:
      | {
          readonly state: 'complete';
          readonly value: number | null;
          readonly attributes?: Readonly<Record<string, unknown>>;
        }
      | { readonly state: 'failed'; readonly error: string },
  ): Promise<void>;
  /**
   * Marks as failed the running trials whose process is gone (it crashed mid-trial), so a resumed
   * study runs them again instead of waiting on them forever. Returns how many. Optional: a store
   * that lives in one process has nothing left behind.
   */
  abandonStale?(study: StudyKey): Promise<number>;
}
