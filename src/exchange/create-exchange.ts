import { didYouMean, UsageError } from '../core/index.js';
import { loadCcxt } from './load-ccxt.js';
import { rewriteApiUrls } from './rewrite-urls.js';

/**
 * The part of a ccxt exchange that fleet uses, declared here so nothing outside this module
 * depends on ccxt's (large) types.
 */
export interface CcxtExchange {
  readonly id: string;
  urls: { api: unknown };
  readonly timeframes?: Readonly<Record<string, unknown>>;
  readonly symbols?: readonly string[];
  /** ccxt keeps a failed market load here forever; cleared so that a retry loads again. */
  marketsLoading?: Promise<unknown>;
  /** The keys ccxt signs with; read only to keep them out of error messages. */
  readonly apiKey?: string;
  readonly secret?: string;
  /** Which unified methods the exchange supports, e.g. `has.fetchOrderTrades`. */
  readonly has?: Readonly<Record<string, unknown>>;
  /** How `precision` values read: ccxt's TICK_SIZE (4) means a step, others a number of digits. */
  readonly precisionMode?: number;
  /** A loaded market's trading rules. */
  market(symbol: string): CcxtMarket;
  loadMarkets(reload?: boolean): Promise<unknown>;
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<unknown>;
  createOrder(
    symbol: string,
    type: string,
    side: string,
    amount: number,
    price?: number,
    params?: Record<string, unknown>,
  ): Promise<unknown>;
  cancelOrder(id: string, symbol?: string, params?: Record<string, unknown>): Promise<unknown>;
  fetchOrder(id: string, symbol?: string, params?: Record<string, unknown>): Promise<unknown>;
  fetchOpenOrders(symbol?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<unknown>;
  fetchOrderTrades(id: string, symbol?: string, since?: number, limit?: number): Promise<unknown>;
  fetchBalance(params?: Record<string, unknown>): Promise<unknown>;
  fetchTicker(symbol: string, params?: Record<string, unknown>): Promise<unknown>;
}

/** The rules of one market that fleet reads. */
export interface CcxtMarket {
  readonly precision?: { readonly amount?: number };
  readonly limits?: { readonly amount?: { readonly min?: number } };
}

/** A connection to one exchange. Holds its API keys, so it is never logged or serialised. */
export interface ExchangeClient {
  /** ccxt's id, e.g. 'binance'. */
  readonly id: string;
  /** The ccxt instance, for what this module does not wrap (yet). */
  readonly ccxt: CcxtExchange;
  /** Where the keys came from, e.g. 'BINANCE_API_KEY and BINANCE_SECRET': named when they are refused. */
  readonly keySource?: string;
}

export interface ExchangeOptions {
  /** A ccxt exchange id such as 'binance'. */
  readonly id: string;
  /** Sends every API request to this origin instead (a proxy, or a fake exchange in tests). */
  readonly apiBaseUrl?: string;
  /** Keys come only from the caller (who reads the environment); public data needs none. */
  readonly apiKey?: string;
  readonly secret?: string;
  /** Where the keys came from, e.g. 'BINANCE_API_KEY and BINANCE_SECRET' (never the keys themselves). */
  readonly keySource?: string;
  /** Per request; ccxt's default is 10 s. */
  readonly timeoutMs?: number;
  /** Let ccxt space requests by the exchange's published rate limit. */
  readonly enableRateLimit?: boolean;
  /** Exchange-specific ccxt options, e.g. `{ fetchMarkets: { types: ['spot'] } }` for binance. */
  readonly exchangeOptions?: Readonly<Record<string, unknown>>;
}

type ExchangeClass = new (config: Record<string, unknown>) => CcxtExchange;

export async function createExchange(options: ExchangeOptions): Promise<ExchangeClient> {
  const { id, apiBaseUrl, timeoutMs } = options;
  if (apiBaseUrl !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(apiBaseUrl)) {
    throw new UsageError(`API URL '${apiBaseUrl}' must be an origin such as http://127.0.0.1:8080`);
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new UsageError(`exchange timeout must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const ccxt = await loadCcxt();
  const classes = ccxt.exchanges as unknown as Record<string, ExchangeClass>;
  if (!Object.hasOwn(classes, id)) {
    throw new UsageError(`unknown exchange '${id}'${didYouMean(id, Object.keys(classes))}`);
  }
  const config: Record<string, unknown> = { enableRateLimit: options.enableRateLimit ?? true };
  if (options.apiKey !== undefined) config.apiKey = options.apiKey;
  if (options.secret !== undefined) config.secret = options.secret;
  if (timeoutMs !== undefined) config.timeout = timeoutMs;
  if (options.exchangeOptions !== undefined) config.options = { ...options.exchangeOptions };
  const exchange = new classes[id](config);
  if (apiBaseUrl !== undefined) exchange.urls.api = rewriteApiUrls(exchange.urls.api, apiBaseUrl);
  return { id, ccxt: exchange, ...(options.keySource !== undefined ? { keySource: options.keySource } : {}) };
}
