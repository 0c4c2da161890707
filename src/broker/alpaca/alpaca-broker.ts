import type { Broker, BrokerPosition, OrderReport, OrderRequest } from '../../core/index.js';
import {
  type AlpacaAsset,
  type AlpacaClient,
  alpacaEndpointsFromEnv,
  cancelAlpacaOrder,
  createAlpacaClient,
  fetchAlpacaAccount,
  fetchAlpacaAsset,
  fetchAlpacaClock,
  fetchAlpacaLastPrice,
  fetchAlpacaOpenOrders,
  fetchAlpacaOrder,
  fetchAlpacaPositions,
  placeAlpacaOrder,
  readAlpacaKeys,
} from '../../exchange/index.js';
import { toOrderReport } from '../ccxt/index.js';
import { rejectedReport } from '../rejected-report.js';
import { shareQuantity, tickPrice } from './order-units.js';

/** Alpaca's stocks are priced and settled in US dollars. */
export const ALPACA_QUOTE = 'USD';
/** Alpaca's limit on client_order_id. */
const MAX_CLIENT_ID = 128;

export interface AlpacaBrokerOptions {
  /** Alpaca's paper account (paper-api.alpaca.markets) or the live one (api.alpaca.markets). */
  readonly paper: boolean;
  /** Keys (APCA_API_KEY_ID, APCA_API_SECRET_KEY) and endpoint overrides are read here. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Sends trading and data requests to this origin instead (the fake Alpaca in tests); else APCA_API_BASE_URL, APCA_API_DATA_URL. */
  readonly apiBaseUrl?: string;
  readonly timeoutMs?: number;
  /** The symbols this broker trades: openOrders() without a symbol looks at them. */
  readonly symbols?: readonly string[];
}

/** A client for the account the options name, keys and endpoints from the environment. */
export async function alpacaClientFor(options: AlpacaBrokerOptions): Promise<AlpacaClient> {
  const env = options.env ?? process.env;
  const endpoints = alpacaEndpointsFromEnv(env);
  return createAlpacaClient({
    keys: readAlpacaKeys(env, `trading on alpaca (${options.paper ? 'paper' : 'live'})`),
    paper: options.paper,
    tradingUrl: options.apiBaseUrl ?? endpoints.tradingUrl,
    dataUrl: options.apiBaseUrl ?? endpoints.dataUrl,
    feed: endpoints.feed,
    timeoutMs: options.timeoutMs,
  });
}

export async function createAlpacaBroker(options: AlpacaBrokerOptions): Promise<AlpacaBroker> {
  return new AlpacaBroker(await alpacaClientFor(options), options.symbols ?? []);
}

/**
 * A US stock account at Alpaca (its paper account, or live). Day orders only, market or limit,
 * regular session only: an order while the market is closed is refused here, with the next open
 * in its reason, instead of queueing at Alpaca until the open. Long only (no shorts); the runner
 * keeps stop-loss and take-profit itself. Whole shares for assets Alpaca does not trade in
 * fractions, fractions down to 1e-9 of a share for those it does; limit prices on Alpaca's tick.
 */
export class AlpacaBroker implements Broker {
  readonly name: string;
  readonly canShort = false;
  /** A resting stop would be a day order that expires at the close: the runner watches prices instead. */
  readonly holdsStopOrders = false;
  readonly #assets = new Map<string, Promise<AlpacaAsset | undefined>>();

  constructor(
    private readonly client: AlpacaClient,
    private readonly symbols: readonly string[],
  ) {
    this.name = client.paper ? 'alpaca-paper' : 'alpaca';
  }

  /**
   * Idempotent on the client order id: the order holding it is asked for first and returned when
   * Alpaca has it (whatever the market's hours), and a resend racing the first answer gets 422
   * from Alpaca, which placeAlpacaOrder turns into that same order.
   */
  async placeOrder(request: OrderRequest): Promise<OrderReport> {
    if (request.type === 'stop') return rejectedReport(request, 'stop orders are not supported by the alpaca broker');
    if (request.type === 'limit' && !(request.price !== undefined && request.price > 0)) {
      return rejectedReport(request, 'a limit order needs a price > 0');
    }
    if (request.clientOrderId.length > MAX_CLIENT_ID) {
      return rejectedReport(request, `client order id longer than alpaca's ${MAX_CLIENT_ID} characters`);
    }
    const known = await fetchAlpacaOrder(this.client, request.clientOrderId);
    if (known) return this.#report(known, request);
    const asset = await this.#asset(request.symbol);
    if (asset === undefined) return rejectedReport(request, `alpaca does not list ${request.symbol}`);
    if (!asset.tradable) return rejectedReport(request, `${request.symbol} is not tradable at alpaca now`);
    const quantity = shareQuantity(request.quantity, asset.fractionable);
    if (quantity <= 0) {
      return rejectedReport(
        request,
        asset.fractionable
          ? `quantity ${request.quantity} is below alpaca's smallest fraction of a share`
          : `${request.symbol} trades in whole shares only, and ${request.quantity} is less than one`,
      );
    }
    const clock = await fetchAlpacaClock(this.client);
    if (!clock.isOpen) {
      return rejectedReport(
        request,
        `market closed: the regular session opens at ${new Date(clock.nextOpen).toISOString()} (orders outside it are refused)`,
      );
    }
    const outcome = await placeAlpacaOrder(this.client, {
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      quantity,
      clientOrderId: request.clientOrderId,
      ...(request.type === 'limit' && request.price !== undefined
        ? { limitPrice: tickPrice(request.price, request.side) }
        : {}),
    });
    if (outcome.kind === 'rejected') return rejectedReport(request, outcome.reason);
    return this.#report(outcome.order, request);
  }

  /** Alpaca cancels asynchronously: the report may still be open (pending_cancel) when it returns. */
  async cancelOrder(clientOrderId: string, _symbol: string): Promise<OrderReport | undefined> {
    const order = await fetchAlpacaOrder(this.client, clientOrderId);
    if (order === undefined) return undefined;
    if (order.status !== 'open') return toOrderReport(order, clientOrderId, ALPACA_QUOTE);
    await cancelAlpacaOrder(this.client, order.id);
    const after = await fetchAlpacaOrder(this.client, clientOrderId);
    return toOrderReport(after ?? order, clientOrderId, ALPACA_QUOTE);
  }

  async fetchOrder(clientOrderId: string, _symbol: string): Promise<OrderReport | undefined> {
    const order = await fetchAlpacaOrder(this.client, clientOrderId);
    return order && toOrderReport(order, clientOrderId, ALPACA_QUOTE);
  }

  /** Of one symbol; without one, of the broker's symbols (or the whole account when it has none). */
  async openOrders(symbol?: string): Promise<OrderReport[]> {
    const scope = symbol ?? (this.symbols.length > 0 ? this.symbols.join(',') : undefined);
    const orders = await fetchAlpacaOpenOrders(this.client, scope);
    return orders.map((order) => toOrderReport(order, order.clientOrderId ?? order.id, ALPACA_QUOTE));
  }

  /** Cash in USD, and the shares of every position by symbol. */
  async balances(): Promise<Readonly<Record<string, number>>> {
    const [account, positions] = await Promise.all([
      fetchAlpacaAccount(this.client),
      fetchAlpacaPositions(this.client),
    ]);
    const totals: Record<string, number> = { [account.currency]: account.cash };
    for (const position of positions) totals[position.symbol] = position.quantity;
    return totals;
  }

  positions(): Promise<BrokerPosition[]> {
    return fetchAlpacaPositions(this.client);
  }

  lastPrice(symbol: string): Promise<number> {
    return fetchAlpacaLastPrice(this.client, symbol);
  }

  /** One share where the asset trades in whole shares; Alpaca's 1e-9 of a share where it trades in fractions. */
  async minimumQuantity(symbol: string): Promise<number> {
    const asset = await this.#asset(symbol);
    if (asset === undefined) return 0;
    return asset.fractionable ? 1e-9 : 1;
  }

  /** REST needs no teardown. */
  async close(): Promise<void> {}

  /** An asset's rules change rarely: read once per broker, a failed read tried again next time. */
  #asset(symbol: string): Promise<AlpacaAsset | undefined> {
    let asset = this.#assets.get(symbol);
    if (asset === undefined) {
      asset = fetchAlpacaAsset(this.client, symbol);
      this.#assets.set(symbol, asset);
      asset.catch(() => this.#assets.delete(symbol));
    }
    return asset;
  }

  #report(order: Parameters<typeof toOrderReport>[0], request: OrderRequest): OrderReport {
    const report = toOrderReport(order, request.clientOrderId, ALPACA_QUOTE);
    return request.reduceOnly ? { ...report, reduceOnly: true } : report;
  }
}
