import { venueCalendar } from '../../calendar/index.js';
import { parseTimeframe, UsageError } from '../../core/index.js';
import {
  alpacaBarPages,
  type BarPageSource,
  type DownloadCandlesResult,
  downloadCandles,
  FileCandleCache,
} from '../../data/index.js';
import {
  alpacaEndpointsFromEnv,
  createAlpacaClient,
  createExchange,
  type ExchangeClient,
  readAlpacaKeys,
} from '../../exchange/index.js';
import { list } from '../flags.js';
import { progressBar } from '../progress.js';
import { isoDate, table } from '../render.js';
import { stderr, stdout } from '../terminal.js';
import { reportMigrated } from './database-notices.js';

interface FetchFlags {
  exchange: string;
  symbols: string;
  timeframe: string;
  since: string;
  until?: string;
  /** Hidden: sends the exchange's API requests elsewhere (tests, proxies). */
  apiUrl?: string;
  cache: string;
  venue?: string;
  json?: boolean;
}

/** `fleet data fetch`: downloads (or brings up to date) exchange bars into the candle cache. */
export async function dataFetchCommand(flags: FetchFlags): Promise<void> {
  const timeframe = parseTimeframe(flags.timeframe);
  const symbols = list('--symbols', flags.symbols) as string[];
  const since = parseTimeFlag('--since', flags.since);
  const until = flags.until === undefined ? undefined : parseTimeFlag('--until', flags.until);
  if (flags.venue !== undefined) venueCalendar(flags.venue); // an unknown venue fails before connecting
  // One client for all symbols: markets load once and the client's rate limiter spans every request.
  const exchange = await barSource(flags.exchange, flags.apiUrl);
  const database = flags.cache === 'db' ? await import('../../store/index.js') : undefined;
  const cache = database
    ? await database.openDatabaseCandleCache({ onMigrated: reportMigrated })
    : new FileCandleCache(flags.cache);
  const results: DownloadCandlesResult[] = [];
  try {
    for (const symbol of symbols) {
      const bar = progressBar(`${exchange.id} ${symbol} ${timeframe}`);
      try {
        const result = await downloadCandles({
          exchange,
          symbol,
          timeframe,
          since,
          until,
          cache,
          venue: flags.venue,
          onProgress: bar.update,
          retry: { onRetry: (error, _attempt, delayMs) => stderr.warn(`${error.message}; retrying in ${delayMs} ms`) },
        });
        bar.stop(`${symbol}: ${result.fetched} new bars, ${result.total} cached`);
        results.push(result);
      } catch (error) {
        bar.stop(`${symbol}: failed`);
        throw error;
      }
    }
  } finally {
    await database?.closeDatabaseCandles();
  }
  if (flags.json) {
    stdout.json({ exchange: exchange.id, timeframe, cache: flags.cache, results });
    return;
  }
  stdout.line(
    table(results, [
      { header: 'symbol', value: (r) => r.symbol },
      { header: 'new', value: (r) => String(r.fetched), align: 'right' },
      { header: 'cached', value: (r) => String(r.total), align: 'right' },
      { header: 'from', value: (r) => isoDate(r.from) },
      { header: 'to', value: (r) => isoDate(r.to) },
      { header: 'missing', value: (r) => String(r.gaps.reduce((n, g) => n + g.missingBars, 0)), align: 'right' },
    ]),
  );
  stdout.line(`backtest them with --source ${database ? 'db' : 'cache'}:${exchange.id}`);
}

/**
 * `alpaca`: US stock bars from Alpaca's market-data API, with the keys (APCA_API_KEY_ID,
 * APCA_API_SECRET_KEY) and the feed (APCA_DATA_FEED) from the environment. Any other id: ccxt.
 */
async function barSource(id: string, apiUrl: string | undefined): Promise<ExchangeClient | BarPageSource> {
  if (id !== 'alpaca') return createExchange({ id, apiBaseUrl: apiUrl });
  const endpoints = alpacaEndpointsFromEnv(process.env);
  const client = await createAlpacaClient({
    keys: readAlpacaKeys(process.env, 'fetching bars from alpaca'),
    paper: true, // market data is the same for both accounts
    dataUrl: apiUrl ?? endpoints.dataUrl,
    feed: endpoints.feed,
  });
  return alpacaBarPages(client);
}

const DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A time flag: a UTC date (2024-01-01), an ISO 8601 time (a time with no zone is UTC), or epoch
 * milliseconds. Epoch seconds are refused with a hint: read as ms they would mean January 1970.
 */
export function parseTimeFlag(flag: string, value: string): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    if (text.length >= 12 && text.length <= 16) return Number(text);
    const hint = text.length === 10 ? ' (that looks like epoch seconds; add three zeros)' : '';
    throw new UsageError(`${flag} '${value}' is not a date${hint}; use 2024-01-01, ISO 8601 or epoch milliseconds`);
  }
  const match = DATE.exec(text);
  const ms = match ? Date.parse(`${match[1]}T${match[2] ?? '00:00'}${match[3] ?? 'Z'}`) : Number.NaN;
  // Date.parse rolls 2024-02-30 over into March; a real date survives the round trip.
  const real = match && Number.isFinite(ms) && (match[3] !== undefined || isoDay(ms) === match[1]);
  if (!real) {
    throw new UsageError(`${flag} '${value}' is not a date; use 2024-01-01, 2024-01-01T12:00Z or epoch milliseconds`);
  }
  return ms;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
