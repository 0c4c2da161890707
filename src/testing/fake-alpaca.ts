import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FakeAlpacaAccount, type FakeAlpacaOrder, type FakeAsset, type Reply } from './fake-alpaca-account.js';
import { listenLocally } from './local-server.js';

export type { FakeAlpacaOrder, FakeAsset } from './fake-alpaca-account.js';

/**
 * A fake Alpaca on 127.0.0.1 speaking its REST API v2, trading and market data on one origin:
 * `GET /v2/account`, `/v2/assets/{symbol}`, `/v2/clock`, `/v2/calendar`, `/v2/positions`,
 * orders (`POST /v2/orders` with a 422 for a client_order_id already used,
 * `GET /v2/orders:by_client_order_id`, `GET /v2/orders?status=open`, `DELETE /v2/orders/{id}`),
 * and `GET /v2/stocks/{symbol}/bars` (paged by next_page_token) and `/trades/latest`. Requests
 * need the APCA-API-KEY-ID and APCA-API-SECRET-KEY headers of the fake's keys. Bars come from a
 * formula, only for minutes the market is open (`sessionOpen`), so tests know which arrive.
 */

export const FAKE_ALPACA_KEYS = { APCA_API_KEY_ID: 'fake-key-Kq27', APCA_API_SECRET_KEY: 'fake-secret-Wm93' };

export interface FakeAlpacaRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  readonly keyId?: string;
}

export interface FakeAlpaca {
  readonly url: string;
  readonly requests: readonly FakeAlpacaRequest[];
  readonly account: FakeAlpacaAccount;
  readonly orders: readonly FakeAlpacaOrder[];
  /** The requests of `route`, e.g. 'POST /v2/orders'. */
  calls(route: string): FakeAlpacaRequest[];
  /** Whether the regular session is open at `time` (bars exist, the clock says open). Default: always. */
  sessionOpen: (time: number) => boolean;
  /** The time the fake's clock reads. Default: the real time. */
  now: () => number;
  /** Most bars per page; more are handed out under next_page_token. */
  pageSize: number;
  /** The next `count` requests of `route` get this answer instead. */
  failNext(count: number, route: string, status: number, body?: unknown): void;
  /** The next `count` requests of `route` are never answered. */
  hangNext(count: number, route: string): void;
  /** Orders placed from now fill only `fraction` at once and stay open; undefined turns it off. */
  partialFills(fraction: number | undefined): void;
  /** Fills `quantity` more (default: the rest) of the order holding `clientOrderId`. */
  fill(clientOrderId: string, quantity?: number): FakeAlpacaOrder;
  /** Forgets requests and faults; the account starts over with `cash` and no positions or orders. */
  reset(cash?: number): void;
  close(): Promise<void>;
}

export const FAKE_ASSETS: readonly FakeAsset[] = [
  { symbol: 'AAPL', fractionable: true },
  { symbol: 'BRK.A', fractionable: false },
  { symbol: 'HALT', fractionable: true, tradable: false },
];

const MINUTE = 60_000;

/** The fake's bar of `symbol` opening at `time`, `step` ms long: [t, o, h, l, c, v]. */
export function fakeAlpacaBar(symbol: string, step: number, time: number): number[] {
  const seed = [...symbol].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
  const at = (t: number) => Math.round((100 + seed / 10 + 5 * Math.sin(t / (step * 13) + seed)) * 100) / 100;
  const open = at(time);
  const close = at(time + step);
  return [time, open, Math.max(open, close) + 0.25, Math.min(open, close) - 0.25, close, 1_000 + ((time / step) % 500)];
}

function stepOf(timeframe: string): number {
  const match = /^(\d+)(Min|Hour|Day|Week)$/.exec(timeframe);
  if (!match) return 0;
  const unit = { Min: MINUTE, Hour: 60 * MINUTE, Day: 1440 * MINUTE, Week: 10_080 * MINUTE }[match[2] as 'Min'];
  return Number(match[1]) * unit;
}

export async function startFakeAlpaca(
  options: { cash?: number; assets?: readonly FakeAsset[] } = {},
): Promise<FakeAlpaca> {
  const requests: FakeAlpacaRequest[] = [];
  const faults: { route: string; count: number; reply?: Reply }[] = [];
  let account = new FakeAlpacaAccount(options.cash ?? 100_000, options.assets ?? FAKE_ASSETS);

  const bars = (symbol: string, query: Record<string, string>, fake: FakeAlpaca): Reply => {
    const step = stepOf(query.timeframe ?? '');
    if (step === 0) return { status: 422, body: { code: 42210000, message: `invalid timeframe ${query.timeframe}` } };
    const start = query.page_token
      ? Number(Buffer.from(query.page_token, 'base64').toString())
      : Date.parse(query.start ?? '');
    const end = Math.min(query.end ? Date.parse(query.end) : Number.POSITIVE_INFINITY, fake.now());
    const limit = Math.min(Number(query.limit ?? 1000), fake.pageSize);
    const out: Record<string, number | string>[] = [];
    let time = Math.ceil(start / step) * step;
    for (; time + step <= end + step && time <= end && out.length < limit; time += step) {
      if (!fake.sessionOpen(time)) continue;
      const [t, o, h, l, c, v] = fakeAlpacaBar(symbol, step, time);
      out.push({ t: new Date(t).toISOString(), o, h, l, c, v, n: 10, vw: c });
    }
    const more = out.length === limit && time <= end;
    return {
      status: 200,
      body: { bars: out, symbol, next_page_token: more ? Buffer.from(String(time)).toString('base64') : null },
    };
  };

  const route = (request: FakeAlpacaRequest, fake: FakeAlpaca): Reply => {
    const { method, path, query, body } = request;
    const now = fake.now();
    const notFound: Reply = { status: 404, body: { code: 40410000, message: 'resource not found' } };
    if (method === 'GET' && path === '/v2/account') {
      return {
        status: 200,
        body: {
          id: 'fake-account',
          account_number: 'PA000FAKE',
          status: 'ACTIVE',
          currency: 'USD',
          cash: String(account.cash),
          buying_power: String(account.cash),
          trading_blocked: false,
          account_blocked: false,
        },
      };
    }
    if (method === 'GET' && path.startsWith('/v2/assets/')) {
      const asset = account.asset(decodeURIComponent(path.slice('/v2/assets/'.length)));
      if (!asset) return notFound;
      return {
        status: 200,
        body: {
          id: `asset-${asset.symbol}`,
          class: 'us_equity',
          exchange: 'NASDAQ',
          symbol: asset.symbol,
          name: asset.symbol,
          status: 'active',
          tradable: asset.tradable ?? true,
          marginable: true,
          shortable: true,
          easy_to_borrow: true,
          fractionable: asset.fractionable,
        },
      };
    }
    if (method === 'GET' && path === '/v2/clock') {
      let next = Math.ceil(now / MINUTE) * MINUTE;
      const open = fake.sessionOpen(now);
      while (fake.sessionOpen(next) === open && next < now + 14 * 1440 * MINUTE) next += MINUTE;
      const far = new Date(now + 14 * 1440 * MINUTE).toISOString();
      return {
        status: 200,
        body: {
          timestamp: new Date(now).toISOString(),
          is_open: open,
          next_open: open ? far : new Date(next).toISOString(),
          next_close: open ? new Date(next).toISOString() : far,
        },
      };
    }
    if (method === 'GET' && path === '/v2/calendar') {
      const days = [];
      for (let day = Date.parse(query.start ?? ''); day <= Date.parse(query.end ?? ''); day += 1440 * MINUTE) {
        // A trading day: the session is open at 15:00 UTC (10:00 or 11:00 in New York).
        if (fake.sessionOpen(day + 15 * 60 * MINUTE)) {
          const date = new Date(day).toISOString().slice(0, 10);
          days.push({
            date,
            open: '09:30',
            close: '16:00',
            session_open: '0400',
            session_close: '2000',
            settlement_date: date,
          });
        }
      }
      return { status: 200, body: days };
    }
    if (method === 'GET' && path === '/v2/positions') return { status: 200, body: account.positionsJson() };
    if (method === 'POST' && path === '/v2/orders') return account.place(body as Record<string, unknown>, now);
    if (method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const order = account.byClientId(query.client_order_id ?? '');
      return order
        ? { status: 200, body: account.json(order) }
        : { status: 404, body: { code: 40410000, message: 'order not found' } };
    }
    if (method === 'GET' && path === '/v2/orders') {
      const symbols = query.symbols ? query.symbols.split(',') : undefined;
      return { status: 200, body: account.open(symbols).map((o) => account.json(o)) };
    }
    if (method === 'DELETE' && path.startsWith('/v2/orders/'))
      return account.cancel(path.slice('/v2/orders/'.length), now);
    const stock = /^\/v2\/stocks\/([^/]+)\/(bars|trades\/latest)$/.exec(path);
    if (method === 'GET' && stock) {
      const symbol = decodeURIComponent(stock[1]);
      if (stock[2] === 'bars') return bars(symbol, query, fake);
      const trade = { t: new Date(now).toISOString(), p: account.price(symbol), s: 1, x: 'V', i: 1, c: ['@'], z: 'C' };
      return { status: 200, body: { symbol, trade } };
    }
    return notFound;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const keyId = req.headers['apca-api-key-id'];
      const request: FakeAlpacaRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        ...(typeof keyId === 'string' ? { keyId } : {}),
      };
      requests.push(request);
      const send = (reply: Reply) => {
        res.writeHead(reply.status, reply.body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
      };
      const fault = faults.find((f) => f.count > 0 && f.route === `${request.method} ${request.path}`);
      if (fault) {
        fault.count--;
        if (fault.reply) send(fault.reply);
        return; // a hang: never answered
      }
      const authorised =
        keyId === FAKE_ALPACA_KEYS.APCA_API_KEY_ID &&
        req.headers['apca-api-secret-key'] === FAKE_ALPACA_KEYS.APCA_API_SECRET_KEY;
      if (!authorised) return send({ status: 401, body: { code: 40110000, message: 'request is not authorized' } });
      send(route(request, fake));
    });
  });
  const local = await listenLocally(server);

  const fake: FakeAlpaca = {
    url: `http://127.0.0.1:${local.port}`,
    requests,
    get account() {
      return account;
    },
    get orders() {
      return account.orders;
    },
    calls: (r) => requests.filter((q) => `${q.method} ${q.path}` === r),
    sessionOpen: () => true,
    now: () => Date.now(),
    pageSize: 10_000,
    failNext(count, r, status, body = { code: 50010000, message: 'internal server error' }) {
      faults.push({ route: r, count, reply: { status, body } });
    },
    hangNext(count, r) {
      faults.push({ route: r, count });
    },
    partialFills(fraction) {
      account.partialFraction = fraction;
    },
    fill(clientOrderId, quantity) {
      const order = account.byClientId(clientOrderId);
      if (!order) throw new Error(`the fake holds no order ${clientOrderId}`);
      account.fill(order, quantity ?? order.qty - order.filledQty, fake.now());
      return order;
    },
    reset(cash = options.cash ?? 100_000) {
      requests.length = 0;
      faults.length = 0;
      account = new FakeAlpacaAccount(cash, options.assets ?? FAKE_ASSETS);
      fake.sessionOpen = () => true;
      fake.now = () => Date.now();
      fake.pageSize = 10_000;
    },
    close: () => local.close(),
  };
  return fake;
}
