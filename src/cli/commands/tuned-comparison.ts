import type { TunedComparison, TunedEntry } from '../../pipeline/index.js';
import { fixed, table } from '../render.js';

/** What one side of a comparison shows, from an entry that may be hand-written or partial. */
function sideOf(entry: TunedEntry) {
  const value = (block: unknown) => {
    const v = (block as { value?: unknown } | undefined)?.value;
    return typeof v === 'number' ? fixed(v, 3) : '-';
  };
  const params = entry.params;
  return {
    made: typeof entry.updated === 'string' ? entry.updated.slice(0, 16).replace('T', ' ') : '-',
    trials: typeof entry.trials === 'number' ? String(entry.trials) : '-',
    metric: typeof entry.metric === 'string' ? entry.metric : '-',
    inSample: value(entry.in_sample),
    outOfSample: value(entry.out_of_sample),
    params:
      typeof params === 'object' && params !== null
        ? Object.entries(params)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : '-',
  };
}

const ROWS = [
  ['made', 'made'],
  ['trials', 'trials'],
  ['metric', 'metric'],
  ['in-sample', 'inSample'],
  ['out-of-sample', 'outOfSample'],
  ['params', 'params'],
] as const;

/**
 * The tuned result a spec already held beside this run's, per instrument, and what became of it:
 * the lines `fleet optimise` prints before asking, and in its summary.
 */
export function renderComparison(comparison: Omit<TunedComparison, 'replaced'>): string {
  const old = sideOf(comparison.old);
  const next = sideOf(comparison.new);
  return table(ROWS, [
    { header: comparison.symbol, value: ([label]) => label },
    { header: 'in the spec', value: ([, key]) => old[key] },
    { header: 'this run', value: ([, key]) => next[key] },
  ]);
}
