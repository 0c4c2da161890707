import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { FakeBinanceAccount, type FakeOrder, type Reply } from './fake-binance-account.js';
import { binanceKline, exchangeInfo } from './fake-binance-json.js';
import { listenLocally } from './local-server.js';

export type { FakeOrder, FakeTrade } from './fake-binance-account.js';

/**
 * A fake Binance on 127.0.0.1 that speaks just enough REST for ccxt's `binance` to load markets,
 * page through klines (`GET /api/v3/exchangeInfo`, `GET /api/v3/klines`) and trade spot: orders
 * (`POST|GET|DELETE /api/v3/order`, `GET /api/v3/openOrders`, `GET /api/v3/myTrades`), the
 * account (`GET /api/v3/account`) and tickers (`GET /api/v3/ticker/24hr|price`). Bars come from a
 * deterministic formula, so tests can say exactly which bars should arrive. Faults (429s, hangs,
 * gaps, unknown symbols, order rejections, partial fills) are switched on per test; every request
 * is recorded. Signed endpoints need an `x-mbx-apikey` header and a `signature` (presence only).
 */

export interface FakeExchangeOptions {
  /** Listed in exchangeInfo and served by klines. */
  readonly symbols?: readonly FakeSymbol[];
  /** Listed in exchangeInfo but answered with -1121 by klines, as a pair being delisted is. */
  readonly brokenSymbols?: readonly FakeSymbol[];
  /** The first bar the fake holds; earlier startTimes get bars from here. */
  readonly firstBar?: number;
  /** Free balances the spot account starts with (and returns to on reset). Default 10 000 USDT. */
  readonly balances?: Readonly<Record<string, number>>;
  /** When set, signed requests with another key are refused with -2015. */
  readonly apiKey?: string;
  /** Fee rate per fill; in the base asset on buys, the quote asset on sells. Default 0.001. */
  readonly commission?: number;
}

export interface FakeSymbol {
  readonly base: string;
  readonly quote: string;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The form fields of a POST (where ccxt puts a signed order's parameters). */
  readonly body: Readonly<Record<string, string>>;
  /** The `x-mbx-apikey` header, when sent. */
  readonly apiKey?: string;
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
  /** Requests to the trading endpoints (order, openOrders, myTrades, account, ticker), in order. */
  trading(): FakeRequest[];
  /** Every order the account holds, oldest first (live objects). */
  readonly orders: readonly FakeOrder[];
  /** The price market orders fill at and the ticker shows (by default the latest 1m close). */
  setPrice(symbolId: string, price: number): void;
  balance(asset: string): { free: number; locked: number };
  setBalance(asset: string, free: number): void;
  /** The next order is refused with this Binance error (HTTP 400), e.g. -2010 and its message. */
  rejectNextOrder(code: number, msg: string): void;
  /** Orders placed from now fill only `fraction` at once and stay open; undefined turns it off. */
  partialFills(fraction: number | undefined): void;
  /** Fills `quantity` more (default: all the rest) of an open order. */
  fill(clientOrderId: string, quantity?: number): FakeOrder;
  /** The next `count` trading requests (only those matching `route`, e.g. 'POST /api/v3/order') are never answered. */
  hangTradingNext(count: number, route?: string): void;
  /** The next `count` trading requests (matching `route`) get this answer instead, e.g. a 503. */
  failTradingNext(count: number, status: number, body: unknown, route?: string): void;
  /** Forgets requests, faults, gaps and corrupted bars; the account starts over. */
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
  let tradingHanging: { count: number; route?: string } = { count: 0 };
  let tradingFailing: { count: number; status: number; body: unknown; route?: string } = {
    count: 0,
    status: 500,
    body: {},
  };
  const markets = [...symbols, ...broken].map(({ base, quote }) => ({ id: base + quote, base, quote }));
  const lastClose = (symbolId: string): number =>
    fakeBar(symbolId, 60_000, Math.floor(Date.now() / 60_000) * 60_000 - 60_000)[4];
  const account = new FakeBinanceAccount(
    markets,
    options.balances ?? { USDT: 10_000 },
    lastClose,
    options.commission ?? 0.001,
  );

  /** What to send back: a status and body (a string goes out as HTML), or nothing at all. */
  const answer = (request: FakeRequest): Answer | 'hang' => {
    if (request.path === '/api/v3/exchangeInfo') return [200, exchangeInfo([...symbols, ...broken])];
    if (request.path === '/fapi/v1/exchangeInfo' || request.path === '/dapi/v1/exchangeInfo') {
      return [200, { timezone: 'UTC', serverTime: Date.now(), symbols: [] }];
    }
    if (TRADING.has(request.path)) return trade(request);
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

  const trade = (request: FakeRequest): Answer | 'hang' => {
    const route = `${request.method} ${request.path}`;
    const matches = (fault: { count: number; route?: string }) =>
      fault.count > 0 && (fault.route === undefined || fault.route === route);
    if (matches(tradingHanging)) {
      tradingHanging.count--;
      return 'hang';
    }
    if (matches(tradingFailing)) {
      tradingFailing.count--;
      return [tradingFailing.status, tradingFailing.body];
    }
    const p = { ...request.query, ...request.body };
    const { path } = request;
    if (path === '/api/v3/ticker/24hr' || path === '/api/v3/ticker/price') {
      return account.ticker(p.symbol, path.endsWith('24hr'));
    }
    if (
      !request.apiKey ||
      p.signature === undefined ||
      (options.apiKey !== undefined && request.apiKey !== options.apiKey)
    ) {
      return [401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }];
    }
    const routes: Record<string, () => Reply> = {
      'POST /api/v3/order': () => account.create(p),
      'GET /api/v3/order': () => account.get(p),
      'DELETE /api/v3/order': () => account.cancel(p),
      'GET /api/v3/openOrders': () => account.openOrders(p),
      'GET /api/v3/myTrades': () => account.myTrades(p),
      'GET /api/v3/account': () => account.account(),
    };
    return routes[route]?.() ?? [405, { code: -1, msg: 'Method not allowed' }];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const apiKey = req.headers['x-mbx-apikey'];
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      ...(typeof apiKey === 'string' ? { apiKey } : {}),
    };
    requests.push(request);
    const reply = answer(request);
    if (reply === 'hang') return;
    const [status, body, headers = {}] = reply;
    const html = typeof body === 'string';
    res.writeHead(status, { ...headers, 'Content-Type': html ? 'text/html' : 'application/json;charset=UTF-8' });
    res.end(html ? body : JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  const { port, close } = await listenLocally(server);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    klines: () => requests.filter((r) => r.path === '/api/v3/klines'),
    trading: () => requests.filter((r) => TRADING.has(r.path)),
    orders: account.orders,
    setPrice: (symbolId, price) => account.setPrice(symbolId, price),
    balance: (asset) => account.balance(asset),
    setBalance: (asset, free) => account.setBalance(asset, free),
    rejectNextOrder: (code, msg) => account.rejectNextOrder(code, msg),
    partialFills: (fraction) => account.partialFills(fraction),
    fill: (clientOrderId, quantity) => account.fill(clientOrderId, quantity),
    hangTradingNext(count, route) {
      tradingHanging = route === undefined ? { count } : { count, route };
    },
    failTradingNext(count, status, body, route) {
      tradingFailing = route === undefined ? { count, status, body } : { count, status, body, route };
    },
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
      tradingHanging = { count: 0 };
      tradingFailing.count = 0;
      account.reset();
    },
    close,
  };
}

type Answer = [status: number, body: unknown, headers?: Record<string, string>];

const TRADING = new Set([
  '/api/v3/order',
  '/api/v3/openOrders',
  '/api/v3/myTrades',
  '/api/v3/account',
  '/api/v3/ticker/24hr',
  '/api/v3/ticker/price',
]);
