import type { Broker, BrokerPosition, OrderReport, OrderRequest } from '../../core/index.js';
import {
  cancelOrder,
  createExchange,
  createOrder,
  type ExchangeClient,
  fetchBalanceTotals,
  fetchLastPrice,
  fetchOpenOrders,
  fetchOrder,
  minimumOrderQuantity,
  spotTradingOptions,
} from '../../exchange/index.js';
import { rejectedReport } from '../rejected-report.js';
import { exchangeKeyNames, readExchangeKeys } from './keys.js';
import { splitSymbol, toOrderReport } from './order-report.js';

export interface CcxtBrokerOptions {
  /** A ccxt exchange id, e.g. 'binance'. */
  readonly exchange: string;
  /** Where the keys are read from: `<EXCHANGE>_API_KEY` and `<EXCHANGE>_SECRET`. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Sends every API request to this origin instead (a proxy, or a fake exchange in tests). */
  readonly apiBaseUrl?: string;
  /** Per request; ccxt's default is 10 s. A request that takes longer is BrokerUnavailableError. */
  readonly timeoutMs?: number;
  /** The markets this broker trades: positions() reports their base assets, openOrders() looks at them. */
  readonly symbols?: readonly string[];
  /** Fees are reported in a symbol's quote currency; this one for symbols that do not name it. */
  readonly quote?: string;
}

/**
 * A live spot account on a real exchange, through ccxt (by way of the exchange module). Keys come
 * only from the environment. Spot cannot short: a sell needs the base asset in the account.
 */
export async function createCcxtBroker(options: CcxtBrokerOptions): Promise<CcxtBroker> {
  const { apiKey, secret } = readExchangeKeys(options.exchange, options.env);
  const names = exchangeKeyNames(options.exchange);
  const client = await createExchange({
    id: options.exchange,
    apiKey,
    secret,
    keySource: `${names.apiKey} and ${names.secret}`,
    exchangeOptions: spotTradingOptions(options.exchange),
    ...(options.apiBaseUrl !== undefined ? { apiBaseUrl: options.apiBaseUrl } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return new CcxtBroker(client, options.symbols ?? [], options.quote);
}

export class CcxtBroker implements Broker {
  readonly name: string;
  readonly canShort = false;
  /** Spot has no reduce-only orders, and a resting stop beside a take-profit would need the base asset twice. */
  readonly holdsStopOrders = false;

  constructor(
    private readonly client: ExchangeClient,
    private readonly symbols: readonly string[],
    private readonly quote?: string,
  ) {
    this.name = client.id;
  }

  /**
   * Idempotent on the client order id. Binance keeps a client id unique among *open* orders only,
   * so a filled order's id would be accepted again as a new order: the broker first asks for the
   * order by its client id and returns it when the exchange has it. Sending then races nothing
   * worse than "Duplicate order sent.", which returns the order holding the id.
   */
  async placeOrder(request: OrderRequest): Promise<OrderReport> {
    if (request.type === 'stop') return rejectedReport(request, 'stop orders are not supported on spot by this broker');
    if (request.type === 'limit' && !(request.price !== undefined && request.price > 0)) {
      return rejectedReport(request, 'a limit order needs a price > 0');
    }
    const known = await fetchOrder(this.client, request.clientOrderId, request.symbol);
    if (known) return this.#report(known, request);
    const outcome = await createOrder(this.client, {
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      amount: request.quantity,
      clientOrderId: request.clientOrderId,
      ...(request.price !== undefined ? { price: request.price } : {}),
    });
    if (outcome.kind === 'rejected') return rejectedReport(request, outcome.reason);
    return this.#report(outcome.order, request);
  }

  async cancelOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    const order = await cancelOrder(this.client, clientOrderId, symbol);
    return order && toOrderReport(order, clientOrderId, this.quote);
  }

  async fetchOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    const order = await fetchOrder(this.client, clientOrderId, symbol);
    return order && toOrderReport(order, clientOrderId, this.quote);
  }

  /** Of one symbol; without one, of the broker's symbols (or the whole account when it has none). */
  async openOrders(symbol?: string): Promise<OrderReport[]> {
    const scopes = symbol !== undefined ? [symbol] : this.symbols.length > 0 ? this.symbols : [undefined];
    const reports: OrderReport[] = [];
    for (const scope of scopes) {
      for (const order of await fetchOpenOrders(this.client, scope)) {
        reports.push(toOrderReport(order, order.clientOrderId ?? order.id, this.quote));
      }
    }
    return reports;
  }

  balances(): Promise<Readonly<Record<string, number>>> {
    return fetchBalanceTotals(this.client);
  }

  /** Spot positions: the total balance of each of the broker's symbols' base asset (BTC/USDT → BTC). */
  async positions(): Promise<BrokerPosition[]> {
    const totals = await fetchBalanceTotals(this.client);
    return this.symbols.flatMap((symbol) => {
      const quantity = totals[splitSymbol(symbol)[0]] ?? 0;
      return quantity !== 0 ? [{ symbol, quantity }] : [];
    });
  }

  lastPrice(symbol: string): Promise<number> {
    return fetchLastPrice(this.client, symbol);
  }

  minimumQuantity(symbol: string): Promise<number> {
    return minimumOrderQuantity(this.client, symbol);
  }

  /** REST needs no teardown; ccxt's sockets close with the process. */
  async close(): Promise<void> {}

  #report(order: Parameters<typeof toOrderReport>[0], request: OrderRequest): OrderReport {
    const report = toOrderReport(order, request.clientOrderId, this.quote);
    return request.reduceOnly ? { ...report, reduceOnly: true } : report;
  }
}
