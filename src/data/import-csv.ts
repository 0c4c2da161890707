import { venueCalendar } from '../calendar/index.js';
import { type CandleCache, type Timeframe, UsageError } from '../core/index.js';
import { readCandlesCsv } from './csv-file.js';
import { CSV_CACHE_SOURCE, DEFAULT_CACHE_DIR } from './data-source.js';
import { FileCandleCache } from './file-candle-cache.js';

export interface ImportCsvOptions {
  readonly file: string;
  readonly symbol: string;
  /** The bar length; inferred from the timestamps when absent. */
  readonly timeframe?: Timeframe;
  readonly strictGaps?: boolean;
  /** The venue whose calendar the bars keep (XNYS, XLON, …): closed hours are not gaps. */
  readonly venue?: string;
  readonly cacheDir?: string;
  /** Keep the bars here instead of the file cache in cacheDir (e.g. the database). */
  readonly cache?: CandleCache;
}

export interface ImportCsvResult {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly bars: number;
  readonly from: number;
  readonly to: number;
  /** The cache file, or `database`. */
  readonly path: string;
  readonly warnings: readonly string[];
}

/**
 * Checks a CSV of bars row by row and keeps it in the candle cache, where `--source cache` finds
 * it. A file with any bad row is refused whole: nothing is cached.
 */
export async function importCandlesCsv(options: ImportCsvOptions): Promise<ImportCsvResult> {
  const { candles, timeframe, warnings } = await readCandlesCsv(options.file, {
    timeframe: options.timeframe,
    strictGaps: options.strictGaps,
    calendar: options.venue === undefined ? undefined : venueCalendar(options.venue),
  });
  if (!timeframe) {
    throw new UsageError(`${options.file}: the bar spacing matches no known timeframe; pass --timeframe`);
  }
  const files = options.cache ? undefined : new FileCandleCache(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const key = { source: CSV_CACHE_SOURCE, symbol: options.symbol, timeframe };
  await (options.cache ?? (files as FileCandleCache)).put(key, candles);
  return {
    symbol: options.symbol,
    timeframe,
    bars: candles.length,
    from: candles.time[0],
    to: candles.time[candles.length - 1],
    path: files ? files.pathOf(key) : 'database',
    warnings,
  };
}
