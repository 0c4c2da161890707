import { UsageError } from '../../core/index.js';
import type { AlpacaKeys } from './alpaca-keys.js';
import { type AlpacaModule, loadAlpaca } from './load-alpaca.js';

export const PAPER_TRADING_URL = 'https://paper-api.alpaca.markets';
export const LIVE_TRADING_URL = 'https://api.alpaca.markets';
export const DATA_URL = 'https://data.alpaca.markets';

/** Where stock bars and trades come from: IEX is on every plan (the default), SIP needs a subscription. */
export type AlpacaFeed = 'iex' | 'sip';

export interface AlpacaClientOptions {
  readonly keys: AlpacaKeys;
  /** Alpaca's paper account (paper-api.alpaca.markets) or the live one (api.alpaca.markets). */
  readonly paper: boolean;
  /** Sends trading requests to this origin instead (a proxy, or the fake Alpaca in tests). */
  readonly tradingUrl?: string | undefined;
  /** Sends market-data requests to this origin instead. */
  readonly dataUrl?: string | undefined;
  /** Per request; a request that takes longer fails as unavailable. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly feed?: AlpacaFeed | undefined;
}

/** A connection to one Alpaca account. Holds its keys, so it is never logged or serialised. */
export interface AlpacaClient {
  readonly id: 'alpaca';
  readonly paper: boolean;
  readonly feed: AlpacaFeed;
  readonly sdk: InstanceType<AlpacaModule['Alpaca']>;
  readonly module: AlpacaModule;
  /** The keys, only to blank them out of any message that would carry them. */
  readonly secrets: readonly string[];
}

/** The origins and feed the environment asks for: APCA_API_BASE_URL, APCA_API_DATA_URL, APCA_DATA_FEED. */
export function alpacaEndpointsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<AlpacaClientOptions, 'tradingUrl' | 'dataUrl' | 'feed'> {
  const feed = env.APCA_DATA_FEED;
  if (feed !== undefined && feed !== '' && feed !== 'iex' && feed !== 'sip') {
    throw new UsageError(`APCA_DATA_FEED must be 'iex' or 'sip', got '${feed}'`);
  }
  return {
    tradingUrl: env.APCA_API_BASE_URL || undefined,
    dataUrl: env.APCA_API_DATA_URL || undefined,
    feed: feed === 'iex' || feed === 'sip' ? feed : undefined,
  };
}

/**
 * A client of Alpaca's official SDK. The SDK's own retries are off: fleet has one retry policy
 * (withRetry for downloads, the next tick for a runner), and POSTs must never be retried blindly.
 * A paper client refuses the live host and a live client the paper one, so an override can never
 * turn a paper bot into a live one or pass off the paper account as live.
 */
export async function createAlpacaClient(options: AlpacaClientOptions): Promise<AlpacaClient> {
  const trading = origin(
    options.tradingUrl ?? (options.paper ? PAPER_TRADING_URL : LIVE_TRADING_URL),
    'APCA_API_BASE_URL',
  );
  const data = origin(options.dataUrl ?? DATA_URL, 'APCA_API_DATA_URL');
  const wrong = options.paper ? LIVE_TRADING_URL : PAPER_TRADING_URL;
  if (trading === wrong) {
    throw new UsageError(
      `APCA_API_BASE_URL is ${trading}, Alpaca's ${options.paper ? 'live' : 'paper'} account, but the bot is ${options.paper ? 'paper' : 'live'}: unset it`,
    );
  }
  const module = await loadAlpaca();
  const rewrite = (url: string): string => {
    for (const from of [PAPER_TRADING_URL, LIVE_TRADING_URL])
      if (url.startsWith(from)) return trading + url.slice(from.length);
    return url.startsWith(DATA_URL) ? data + url.slice(DATA_URL.length) : url;
  };
  const sdk = new module.Alpaca({
    keyId: options.keys.keyId,
    secret: options.keys.secret,
    paper: options.paper,
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: false,
    fetchApi: (input, init) => fetch(rewrite(typeof input === 'string' ? input : String(input)), init),
  });
  return {
    id: 'alpaca',
    paper: options.paper,
    feed: options.feed ?? 'iex',
    sdk,
    module,
    secrets: [options.keys.keyId, options.keys.secret],
  };
}

/** `url`'s origin without a trailing slash, or a UsageError naming the variable it came from. */
function origin(url: string, variable: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    throw new UsageError(`${variable} must be an http(s) URL, got '${url}'`);
  }
}
