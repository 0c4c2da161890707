import { type OptimiseResult, optimisedEntry, readOptimisedBlock, writeOptimisedBlock } from '../optimise/index.js';

/** The spec's `optimised` entry of one instrument: what a run writes and what a spec holds. */
export type TunedEntry = Readonly<Record<string, unknown>>;

/** An instrument this run tuned that already had a different tuned result in the spec. */
export interface TunedComparison {
  readonly symbol: string;
  /** The entry in the spec before this run. */
  readonly old: TunedEntry;
  /** This run's entry. */
  readonly new: TunedEntry;
  /** Whether this run's entry replaced the old one (else the old one was kept). */
  readonly replaced: boolean;
}

export interface RecordTunedOptions {
  /** Replace tuned results already in the spec without asking. */
  readonly replace?: boolean;
  /**
   * Asked when results already in the spec would be replaced and `replace` is not set: true
   * replaces them. Without it (no one to ask) they are kept.
   */
  readonly confirmReplace?: (clashes: readonly Omit<TunedComparison, 'replaced'>[]) => Promise<boolean>;
}

export interface RecordedTuning {
  /** The spec file, when anything in it was written. */
  readonly written?: string;
  readonly comparisons: readonly TunedComparison[];
  /** Instruments whose entry in the spec already held this run's result (apart from its time). */
  readonly unchanged: readonly string[];
}

/**
 * Records each tuned instrument in the spec file's `optimised` block. An instrument that already
 * has a tuned result there is replaced only when asked to (`replace`, or a yes from
 * `confirmReplace`); otherwise its old entry stays and the new one is only in the reports. An old
 * entry equal to the new one apart from its time is left as it is.
 */
export async function recordTuned(
  specFile: string,
  result: OptimiseResult,
  options: RecordTunedOptions,
): Promise<RecordedTuning> {
  const now = new Date();
  const entries: Record<string, TunedEntry> = Object.fromEntries(
    result.instruments.map((i) => [i.symbol, optimisedEntry(result, i, now)]),
  );
  const existing = await readOptimisedBlock(specFile);
  const symbols = Object.keys(entries);
  const unchanged = symbols.filter((symbol) => sameApartFromTime(existing[symbol], entries[symbol]));
  const clashes = symbols
    .filter((symbol) => Object.hasOwn(existing, symbol) && !unchanged.includes(symbol))
    .map((symbol) => ({ symbol, old: existing[symbol], new: entries[symbol] }));
  const replaced =
    clashes.length > 0 && (options.replace === true || (await options.confirmReplace?.(clashes)) === true);
  const keep = new Set([...unchanged, ...(replaced ? [] : clashes.map((c) => c.symbol))]);
  const writing = Object.fromEntries(Object.entries(entries).filter(([symbol]) => !keep.has(symbol)));
  if (Object.keys(writing).length > 0) await writeOptimisedBlock(specFile, writing);
  return {
    written: Object.keys(writing).length > 0 ? specFile : undefined,
    comparisons: clashes.map((clash) => ({ ...clash, replaced })),
    unchanged,
  };
}

function sameApartFromTime(a: TunedEntry | undefined, b: TunedEntry): boolean {
  if (a === undefined || typeof a !== 'object') return false;
  const { updated: _a, ...restA } = a;
  const { updated: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}
