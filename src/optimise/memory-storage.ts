import type { StoredParamValue, StoredTrial, StudyKey, StudyStorage } from '../core/index.js';

/** Study storage in this process's memory: gone when it exits. */
export class MemoryStudyStorage implements StudyStorage {
  private readonly studies = new Map<string, StoredTrial[]>();

  async trials(study: StudyKey): Promise<StoredTrial[]> {
    return [...(this.studies.get(study.name) ?? [])];
  }

  async startTrial(study: StudyKey, params: Readonly<Record<string, StoredParamValue>>): Promise<number> {
    const trials = this.studies.get(study.name) ?? [];
    this.studies.set(study.name, trials);
    const number = trials.length;
    trials.push({ number, params: { ...params }, state: 'running' });
    return number;
  }

  async finishTrial(
    study: StudyKey,
    number: number,
    outcome: Parameters<StudyStorage['finishTrial']>[2],
  ): Promise<void> {
    const trials = this.studies.get(study.name);
    const trial = trials?.[number];
    if (!trials || !trial || trial.state !== 'running')
      throw new Error(`trial ${number} of ${study.name} is not running`);
    trials[number] = { ...trial, ...outcome };
  }
}
