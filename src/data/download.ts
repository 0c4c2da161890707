import { venueCalendar } from '../calendar/index.js';
import {
  type CandleCache,
  type CandleKey,
  type Candles,
  FleetError,
  type Progress,
  type Timeframe,
  timeframeMs,
  UsageError,
} from '../core/index.js';
import {
  type AlpacaClient,
  createExchange,
  type ExchangeClient,
  type ExchangeOptions,
  fetchAlpacaBarsPage,
  fetchOhlcvPage,
  type OhlcvRow,
  type RetryOptions,
  withRetry,
} from '../exchange/index.js';
import { type CandleGap, findGaps, mergeCandles } from './download-merge.js';
import { DownloadedRows } from './download-rows.js';

export type { CandleGap } from './download-merge.js';

/**
 * A venue's bars, one request at a time, for venues outside ccxt (see alpacaBarPages). Errors
 * worth retrying are TemporaryExchangeError.
 */
export interface BarPageSource {
  /** Names the venue in errors and is the default cache source, e.g. 'alpaca'. */
  readonly id: string;
  /**
   * At most `limit` bars from `since` (inclusive), oldest first, as [time, o, h, l, c, v] rows;
   * none that open at or after `until`, when the venue can be told.
   */
  fetchPage(symbol: string, timeframe: Timeframe, since: number, limit: number, until: number): Promise<OhlcvRow[]>;
}

/** US stock bars from Alpaca's market-data API (keys needed). */
export function alpacaBarPages(client: AlpacaClient): BarPageSource {
  return {
    id: client.id,
    // Alpaca's end is inclusive: the bar opening at `until` is not wanted.
    fetchPage: (symbol, timeframe, since, limit, until) =>
      fetchAlpacaBarsPage(client, symbol, timeframe, since, limit, until - 1),
  };
}

export interface DownloadCandlesOptions {
  /** A connected exchange, how to connect to one, or a venue's bar pages (alpacaBarPages). */
  readonly exchange: ExchangeClient | ExchangeOptions | BarPageSource;
  /** In the exchange's notation, e.g. 'BTC/USDT'. */
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Epoch ms of the first bar wanted. */
  readonly since: number;
  /** Epoch ms the bars end before (default: now). */
  readonly until?: number;
  readonly cache: CandleCache;
  /** The cache source the bars are kept under (default: the exchange id). */
  readonly source?: string;
  /** Bars per request; exchanges cap it (binance spot: 1000). */
  readonly pageLimit?: number;
  readonly onProgress?: Progress;
  /** The venue whose calendar the bars keep (XNYS, …): closed hours are not gaps (default: crypto's, never closed). */
  readonly venue?: string;
  /** Backoff for temporary exchange errors (tests inject `sleep`). */
  readonly retry?: RetryOptions;
}

export interface DownloadCandlesResult {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Bars received in this run. */
  readonly fetched: number;
  /** Bars now in the cache for the series. */
  readonly total: number;
  /** Open times of the first and last cached bar. */
  readonly from: number;
  readonly to: number;
  /** Where downloading started when the cache already held the start of the range. */
  readonly resumedFrom?: number;
  /** Holes in the downloaded range (exchange downtime): kept as data, not refused. */
  readonly gaps: CandleGap[];
}

/**
 * Brings the cached series of `symbol` up to date from `since` to `until`: starts after the last
 * cached bar when the cache already covers `since`, pages forward through the exchange (ccxt
 * and Alpaca's SDK space the requests by their rate limits; temporary failures are retried), checks every bar, drops
 * the bar still forming, and writes the merged series back in one `cache.put`.
 */
export async function downloadCandles(options: DownloadCandlesOptions): Promise<DownloadCandlesResult> {
  const { symbol, timeframe, since, cache, pageLimit = 1000 } = options;
  const step = timeframeMs(timeframe);
  const now = Date.now();
  const until = checkRange(since, options.until, now);
  const calendar = options.venue === undefined ? undefined : venueCalendar(options.venue);
  if (!Number.isInteger(pageLimit) || pageLimit < 1) throw new UsageError(`page limit must be >= 1, got ${pageLimit}`);
  const exchange = await pageSource(options.exchange);
  const key: CandleKey = { source: options.source ?? exchange.id, symbol, timeframe };

  const cached = await cache.get(key);
  const resumedFrom = resumePoint(cached, since, step);
  const start = resumedFrom ?? since;
  const total = Math.ceil((until - since) / step);
  const alreadyDone = resumedFrom === undefined || !cached ? 0 : countFrom(cached, since);
  const rows = new DownloadedRows(`${exchange.id} ${symbol}`);

  let cursor = start;
  while (cursor < until) {
    const page = await withRetry(() => exchange.fetchPage(symbol, timeframe, cursor, pageLimit, until), options.retry);
    let ended = page.length === 0;
    let added = 0;
    for (const row of page) {
      const time = row[0];
      if (typeof time === 'number' && time < cursor) continue; // context before the asked start
      if (typeof time === 'number' && (time >= until || time + step > now)) {
        ended = true; // past the range, or the bar still forming
        break;
      }
      rows.push(row, rows.last);
      added++;
    }
    if (added > 0) options.onProgress?.({ done: Math.min(total, alreadyDone + rows.length), total, label: symbol });
    if (ended || added === 0) break;
    cursor = (rows.last as number) + step;
  }

  const fresh = rows.toCandles();
  const series = fresh.length > 0 ? mergeCandles(cached, fresh) : cached;
  if (!series || series.length === 0) {
    throw new FleetError(
      `${exchange.id} has no ${timeframe} bars of ${symbol} from ${showTime(since)} to ${showTime(until)}`,
    );
  }
  if (fresh.length > 0) await cache.put(key, series);
  const junction = resumedFrom !== undefined && cached ? [cached.time[cached.length - 1]] : [];
  return {
    symbol,
    timeframe,
    fetched: fresh.length,
    total: series.length,
    from: series.time[0],
    to: series.time[series.length - 1],
    ...(resumedFrom === undefined ? {} : { resumedFrom }),
    gaps: findGaps([...junction, ...rows.time], step, calendar),
  };
}

/** Where the bars come from, as pages: a ccxt exchange (connected here when needed) or a venue's own source. */
async function pageSource(from: ExchangeClient | ExchangeOptions | BarPageSource): Promise<BarPageSource> {
  if ('fetchPage' in from) return from;
  const client = 'ccxt' in from ? from : await createExchange(from);
  return {
    id: client.id,
    fetchPage: (symbol, timeframe, since, limit) => fetchOhlcvPage(client, symbol, timeframe, since, limit),
  };
}

/** `until` (default and at most now), after checking the range makes sense. */
function checkRange(since: number, until: number | undefined, now: number): number {
  if (!Number.isFinite(since)) throw new UsageError(`--since must be a date, got ${since}`);
  if (since > now) throw new UsageError(`--since ${showTime(since)} is in the future`);
  if (until !== undefined && !Number.isFinite(until)) throw new UsageError(`--until must be a date, got ${until}`);
  const end = Math.min(until ?? now, now);
  if (since >= end) throw new UsageError(`--since ${showTime(since)} must be before --until ${showTime(end)}`);
  return end;
}

/** The cache covers `since` when its bars start at or before it and reach up to it. */
function resumePoint(cached: Candles | undefined, since: number, step: number): number | undefined {
  if (!cached || cached.length === 0) return undefined;
  const last = cached.time[cached.length - 1];
  if (cached.time[0] > since || last + step < since) return undefined;
  return Math.max(since, last + step);
}

function countFrom(candles: Candles, since: number): number {
  let count = 0;
  for (let i = candles.length - 1; i >= 0 && candles.time[i] >= since; i--) count++;
  return count;
}

/** A day as 2031-01-01, any other time as full ISO. */
function showTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 86_400_000 === 0 ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}
