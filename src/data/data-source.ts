import { isVenue, unknownVenueMessage } from '../calendar/index.js';
import { type Candles, FleetError, InputError, type Timeframe, UsageError } from '../core/index.js';
import { type DatabaseSource, databaseCandleLoader } from './candle-loaders.js';
import type { CandleMemory } from './candle-memory.js';
import { readCandlesCsv } from './csv-file.js';
import { FileCandleCache } from './file-candle-cache.js';
import { generateSandboxCandles } from './sandbox-generator.js';

/**
 * Where the bars of a run come from, as chosen by the `--source` flag: the sandbox generator, a
 * CSV file (its path may hold `{symbol}`, so one flag serves a whole screen), or the project's
 * candle cache (bars kept by `fleet data import`, under the source they were imported as).
 */
export type DataSource =
  /** With a venue (`sandbox:XNYS`): the equity mode, bars only in that venue's sessions. */
  | { readonly kind: 'sandbox'; readonly venue?: string }
  | { readonly kind: 'csv'; readonly path: string; readonly venue?: string }
  | { readonly kind: 'cache'; readonly dir: string; readonly source: string; readonly venue?: string }
  | DatabaseSource;

/**
 * The venue whose sessions a source's bars keep (XNYS, …), when it names one: backtests on them
 * annualise their metrics over the venue's trading bars. Undefined: crypto's, round the clock.
 */
export function sourceVenue(source: DataSource): string | undefined {
  return source.venue;
}

/** The project's candle cache folder, relative to the project. */
export const DEFAULT_CACHE_DIR = '.fleet/candles';
/** The cache source that imported CSV files are kept under. */
export const CSV_CACHE_SOURCE = 'csv';

/** How many sandbox bars a run gets unless told otherwise: about 2.3 years of hourly bars. */
export const DEFAULT_SANDBOX_BARS = 20_000;
export const DEFAULT_SANDBOX_TIMEFRAME: Timeframe = '1h';

/**
 * Parses `sandbox[:VENUE]`, `csv:FILE`, `cache[:SOURCE]` (the file cache) or `db[:SOURCE]` (the
 * database); `options.venue` (the --venue flag) names the venue whose sessions any of them keep.
 */
export function parseDataSource(
  flag: string,
  options: { cacheDir?: string; databaseUrl?: string; projectDir?: string; venue?: string } = {},
): DataSource {
  const source = parseSourceFlag(flag, options);
  if (options.venue === undefined) return source;
  if (!isVenue(options.venue)) throw new UsageError(`--venue: ${unknownVenueMessage(options.venue)}`);
  const venue = options.venue.toUpperCase();
  if (source.venue !== undefined && source.venue !== venue) {
    throw new UsageError(`data source '${flag}' keeps ${source.venue}'s sessions, not --venue ${venue}`);
  }
  return { ...source, venue };
}

function parseSourceFlag(
  flag: string,
  options: { cacheDir?: string; databaseUrl?: string; projectDir?: string },
): DataSource {
  if (flag === 'sandbox') return { kind: 'sandbox' };
  if (flag.startsWith('sandbox:')) {
    const venue = flag.slice('sandbox:'.length);
    if (!isVenue(venue)) throw new UsageError(`data source '${flag}': ${unknownVenueMessage(venue)}`);
    return { kind: 'sandbox', venue: venue.toUpperCase() };
  }
  if (flag === 'db' || flag.startsWith('db:')) {
    const source = flag === 'db' ? CSV_CACHE_SOURCE : flag.slice('db:'.length);
    if (!/^[a-z0-9_-]+$/i.test(source)) throw new UsageError(`data source '${flag}' names no valid cache source`);
    return { kind: 'database', source, url: options.databaseUrl, dir: options.projectDir ?? '.fleet' };
  }
  if (flag === 'cache' || flag.startsWith('cache:')) {
    const source = flag === 'cache' ? CSV_CACHE_SOURCE : flag.slice('cache:'.length);
    if (!/^[a-z0-9_-]+$/i.test(source)) throw new UsageError(`data source '${flag}' names no valid cache source`);
    return { kind: 'cache', dir: options.cacheDir ?? DEFAULT_CACHE_DIR, source };
  }
  if (flag.startsWith('csv:')) {
    const path = flag.slice('csv:'.length);
    if (path.trim() === '') throw new UsageError(`data source '${flag}' names no file (expected csv:FILE)`);
    return { kind: 'csv', path };
  }
  throw new UsageError(
    `unknown data source '${flag}' (expected sandbox[:VENUE], csv:FILE, cache[:SOURCE] or db[:SOURCE])`,
  );
}

export interface LoadCandlesOptions {
  /** The sandbox instrument; for CSV only informational. */
  readonly symbol: string;
  /** Sandbox: the bar length (default 1h). CSV: the expected bar length; inferred when absent. */
  readonly timeframe?: Timeframe;
  /** Sandbox only (default DEFAULT_SANDBOX_BARS). */
  readonly bars?: number;
  /** Sandbox only (default 0). */
  readonly seed?: number;
  /** CSV only: treat gaps as errors. */
  readonly strictGaps?: boolean;
  /** Sandbox and cache: load into this reusable memory (valid until its next use). */
  readonly memory?: CandleMemory;
}

export interface LoadedCandles {
  readonly candles: Candles;
  /** The bar length: as asked for, or as inferred from a CSV file (undefined if it fits none). */
  readonly timeframe: Timeframe | undefined;
  readonly warnings: string[];
}

export async function loadCandles(source: DataSource, options: LoadCandlesOptions): Promise<LoadedCandles> {
  if (source.kind === 'sandbox') {
    const timeframe = options.timeframe ?? DEFAULT_SANDBOX_TIMEFRAME;
    const candles = generateSandboxCandles(
      {
        symbol: options.symbol,
        timeframe,
        bars: options.bars ?? DEFAULT_SANDBOX_BARS,
        seed: options.seed ?? 0,
        venue: source.venue,
      },
      options.memory,
    );
    return { candles, timeframe, warnings: [] };
  }
  if (source.kind === 'database') {
    const timeframe = options.timeframe ?? DEFAULT_SANDBOX_TIMEFRAME;
    const load = databaseCandleLoader();
    if (!load) throw new FleetError('this process cannot read candles from the database (no loader registered)');
    const candles = await load(source, { source: source.source, symbol: options.symbol, timeframe });
    if (!candles) {
      throw new InputError(
        `no ${timeframe} bars of ${options.symbol} from ${source.source} in the database (keep them there with fleet data import --cache db or fleet data fetch --cache db)`,
      );
    }
    return { candles, timeframe, warnings: [] };
  }
  if (source.kind === 'cache') {
    const timeframe = options.timeframe ?? DEFAULT_SANDBOX_TIMEFRAME;
    const candles = await new FileCandleCache(source.dir).get({
      source: source.source,
      symbol: options.symbol,
      timeframe,
    });
    if (!candles) {
      throw new InputError(
        `no cached ${timeframe} bars of ${options.symbol} from ${source.source} in ${source.dir} (import them with fleet data import)`,
      );
    }
    return { candles, timeframe, warnings: [] };
  }
  const path = source.path.replaceAll('{symbol}', fileSafeSymbol(options.symbol));
  const { candles, timeframe, warnings } = await readCandlesCsv(path, {
    timeframe: options.timeframe,
    strictGaps: options.strictGaps,
  });
  return { candles, timeframe, warnings };
}

/** 'BTC/USDT' -> 'BTC_USDT': a symbol as it appears in a file name. */
export function fileSafeSymbol(symbol: string): string {
  return symbol.replace(/[^A-Za-z0-9._-]/g, '_');
}
