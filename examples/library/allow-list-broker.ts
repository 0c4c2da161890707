// A broker of your own: it trades through another broker but only in the symbols a desk allows,
// refusing the rest the way every fleet broker refuses an order (a `rejected` report with a
// reason, never an exception), so a bot records the refusal and carries on.
import { type Broker, type OrderReport, type OrderRequest, rejectedReport } from 'fleet/broker';

export class AllowListBroker implements Broker {
  readonly name: string;
  readonly canShort: boolean;
  readonly holdsStopOrders: boolean;

  constructor(
    private readonly inner: Broker,
    private readonly allowed: ReadonlySet<string>,
  ) {
    this.name = `allow-list:${inner.name}`;
    this.canShort = inner.canShort;
    this.holdsStopOrders = inner.holdsStopOrders;
  }

  async placeOrder(request: OrderRequest): Promise<OrderReport> {
    if (this.allowed.has(request.symbol)) return this.inner.placeOrder(request);
    // Idempotent on the client order id: an order sent before its symbol left the list is
    // reported as it stands, not refused.
    const sent = await this.inner.fetchOrder(request.clientOrderId, request.symbol);
    return sent ?? rejectedReport(request, `${request.symbol} is not on the allow-list`);
  }

  cancelOrder(clientOrderId: string, symbol: string) {
    return this.inner.cancelOrder(clientOrderId, symbol);
  }
  fetchOrder(clientOrderId: string, symbol: string) {
    return this.inner.fetchOrder(clientOrderId, symbol);
  }
  openOrders(symbol?: string) {
    return this.inner.openOrders(symbol);
  }
  balances() {
    return this.inner.balances();
  }
  positions() {
    return this.inner.positions();
  }
  lastPrice(symbol: string) {
    return this.inner.lastPrice(symbol);
  }
  minimumQuantity(symbol: string) {
    return this.inner.minimumQuantity(symbol);
  }
  close() {
    return this.inner.close();
  }
}
