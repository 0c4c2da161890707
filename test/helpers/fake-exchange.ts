import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Binance on 127.0.0.1 that speaks just enough REST for ccxt's `binance` to load markets
 * and page through klines: `GET /api/v3/exchangeInfo` and `GET /api/v3/klines`. Bars come from a
 * deterministic formula, so tests can say exactly which bars should arrive. Faults (429s, hangs,
 * gaps, unknown symbols) are switched on per test; every request is recorded.
 */

export interface FakeExchangeOptions {
  /** Listed in exchangeInfo and served by klines. */
  readonly symbols?: readonly FakeSymbol[];
  /** Listed in exchangeInfo but answered with -1121 by klines, as a pair being delisted is. */
  readonly brokenSymbols?: readonly FakeSymbol[];
  /** The first bar the fake holds; earlier startTimes get bars from here. */
  readonly firstBar?: number;
}

export interface FakeSymbol {
  readonly base: string;
  readonly quote: string;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

export interface FakeExchange {
  /** `http://127.0.0.1:PORT`, to pass as apiBaseUrl. */
  readonly url: string;
  readonly requests: readonly FakeRequest[];
  /** Only the klines requests, in order. */
  klines(): FakeRequest[];
  /** The next `count` klines requests get a 429 with Binance's error body and Retry-After. */
  rateLimitNext(count: number): void;
  /** The next `count` klines requests get this answer instead of bars (a string is sent as HTML). */
  failNext(count: number, status: number, body: unknown): void;
  /** The next `count` klines requests are never answered. */
  hangNext(count: number): void;
  /** Bars with open time in [from, to) are missing, as after an exchange outage. */
  gap(from: number, to: number): void;
  /** The bar at `time` comes with its high below its low. */
  corrupt(time: number): void;
  /** Forgets requests, faults, gaps and corrupted bars. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_SYMBOLS: readonly FakeSymbol[] = [
  { base: 'BTC', quote: 'USDT' },
  { base: 'ETH', quote: 'USDT' },
  { base: 'SOL', quote: 'USDT' },
];

const INTERVAL_MS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '3d': 259_200_000,
  '1w': 604_800_000,
};

/** The fake's bar at `time`: [time, open, high, low, close, volume], deterministic per symbol. */
export function fakeBar(symbolId: string, intervalMs: number, time: number): number[] {
  let seed = 0;
  for (const ch of symbolId) seed = (seed * 31 + ch.charCodeAt(0)) % 997;
  const price = (t: number) => 100 + seed + 10 * Math.sin(t / (intervalMs * 24)) + ((t / intervalMs) % 7);
  const open = round(price(time));
  const close = round(price(time + intervalMs));
  const high = round(Math.max(open, close) + 1.5);
  const low = round(Math.min(open, close) - 1.25);
  const volume = 1 + ((time / intervalMs) % 5);
  return [time, open, high, low, close, volume];
}

const round = (x: number): number => Math.round(x * 100) / 100;

export async function startFakeExchange(options: FakeExchangeOptions = {}): Promise<FakeExchange> {
  const symbols = options.symbols ?? DEFAULT_FAKE_SYMBOLS;
  const broken = options.brokenSymbols ?? [];
  const served = new Set(symbols.map((s) => s.base + s.quote));
  const firstBar = options.firstBar ?? 0;
  const requests: FakeRequest[] = [];
  const gaps: [number, number][] = [];
  const corrupted = new Set<number>();
  let rateLimited = 0;
  let hanging = 0;
  let failing: { count: number; status: number; body: unknown } = { count: 0, status: 500, body: {} };

  /** What to send back: a status and body (a string goes out as HTML), or nothing at all. */
  const answer = (request: FakeRequest): Answer | 'hang' => {
    if (request.path === '/api/v3/exchangeInfo') return [200, exchangeInfo([...symbols, ...broken])];
    if (request.path === '/fapi/v1/exchangeInfo' || request.path === '/dapi/v1/exchangeInfo') {
      return [200, { timezone: 'UTC', serverTime: Date.now(), symbols: [] }];
    }
    if (request.path !== '/api/v3/klines') return [404, { code: -1, msg: 'Not found' }];
    if (hanging > 0) {
      hanging--;
      return 'hang'; // the client's timeout must fire
    }
    if (rateLimited > 0) {
      rateLimited--;
      const msg = 'Too many requests; current limit is 6000 request weight per 1 MINUTE.';
      return [429, { code: -1003, msg }, { 'Retry-After': '1' }];
    }
    if (failing.count > 0) {
      failing.count--;
      return [failing.status, failing.body];
    }
    const q = request.query;
    if (!served.has(q.symbol)) return [400, { code: -1121, msg: 'Invalid symbol.' }];
    const step = INTERVAL_MS[q.interval];
    if (!step) return [400, { code: -1120, msg: 'Invalid interval.' }];
    const limit = Math.min(Number(q.limit ?? 500), 1000);
    const now = Date.now();
    const end = q.endTime === undefined ? now : Math.min(Number(q.endTime), now);
    // Binance: with startTime, the first `limit` bars from it; without, the latest `limit`.
    let time =
      q.startTime === undefined
        ? Math.floor(now / step) * step - (limit - 1) * step
        : Math.ceil(Math.max(Number(q.startTime), firstBar) / step) * step;
    const rows: unknown[] = [];
    for (; time <= end && rows.length < limit; time += step) {
      if (gaps.some(([from, to]) => time >= from && time < to)) continue;
      const bar = fakeBar(q.symbol, step, time);
      if (corrupted.has(time)) bar[2] = bar[3] - 1;
      rows.push(binanceKline(bar, step));
    }
    return [200, rows];
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) };
    requests.push(request);
    const reply = answer(request);
    if (reply === 'hang') return;
    const [status, body, headers = {}] = reply;
    const html = typeof body === 'string';
    res.writeHead(status, { ...headers, 'Content-Type': html ? 'text/html' : 'application/json;charset=UTF-8' });
    res.end(html ? body : JSON.stringify(body));
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    klines: () => requests.filter((r) => r.path === '/api/v3/klines'),
    rateLimitNext(count) {
      rateLimited = count;
    },
    failNext(count, status, body) {
      failing = { count, status, body };
    },
    hangNext(count) {
      hanging = count;
    },
    gap(from, to) {
      gaps.push([from, to]);
    },
    corrupt(time) {
      corrupted.add(time);
    },
    reset() {
      requests.length = 0;
      gaps.length = 0;
      corrupted.clear();
      rateLimited = 0;
      hanging = 0;
      failing.count = 0;
    },
    close() {
      // ccxt keeps sockets alive and hung requests never end, so close them all.
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

type Answer = [status: number, body: unknown, headers?: Record<string, string>];

/** Binance's 12-field kline: numbers as strings, as the real API sends them. */
function binanceKline([time, open, high, low, close, volume]: number[], step: number): unknown[] {
  const quoteVolume = (volume * close).toFixed(8);
  return [
    time,
    open.toFixed(8),
    high.toFixed(8),
    low.toFixed(8),
    close.toFixed(8),
    volume.toFixed(8),
    time + step - 1,
    quoteVolume,
    10,
    (volume / 2).toFixed(8),
    (volume * close * 0.5).toFixed(8),
    '0',
  ];
}

function exchangeInfo(symbols: readonly FakeSymbol[]): unknown {
  return {
    timezone: 'UTC',
    serverTime: Date.now(),
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [],
    symbols: symbols.map(({ base, quote }) => ({
      symbol: base + quote,
      status: 'TRADING',
      baseAsset: base,
      baseAssetPrecision: 8,
      quoteAsset: quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'MARKET'],
      icebergAllowed: true,
      ocoAllowed: true,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: true,
      cancelReplaceAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
        { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
        {
          filterType: 'NOTIONAL',
          minNotional: '5.00000000',
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  };
}
