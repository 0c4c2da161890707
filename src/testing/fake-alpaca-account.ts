/**
 * The books of a fake Alpaca account: cash, positions, orders, as Alpaca's REST API shows them
 * (snake_case JSON, numbers as strings). Orders fill at the symbol's price: market orders at once
 * (or only a fraction, when partial fills are on), limit orders when the price is at or better.
 */

export interface FakeAsset {
  readonly symbol: string;
  readonly fractionable: boolean;
  readonly tradable?: boolean;
}

export interface FakeAlpacaOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  readonly qty: number;
  readonly limitPrice?: number;
  readonly timeInForce: string;
  status: string;
  filledQty: number;
  /** Cost of what filled so far, for the average price. */
  filledCost: number;
  readonly createdAt: number;
  updatedAt: number;
}

/** An answer: HTTP status and JSON body. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const error = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });

export class FakeAlpacaAccount {
  cash: number;
  readonly positions = new Map<string, number>();
  readonly orders: FakeAlpacaOrder[] = [];
  readonly prices = new Map<string, number>();
  partialFraction: number | undefined;
  #nextId = 1;

  constructor(
    initialCash: number,
    readonly assets: readonly FakeAsset[],
  ) {
    this.cash = initialCash;
  }

  asset(symbol: string): FakeAsset | undefined {
    return this.assets.find((a) => a.symbol === symbol);
  }

  price(symbol: string): number {
    return this.prices.get(symbol) ?? 100;
  }

  byClientId(clientOrderId: string): FakeAlpacaOrder | undefined {
    return this.orders.find((o) => o.clientOrderId === clientOrderId);
  }

  /** POST /v2/orders, checked as Alpaca checks it. */
  place(body: Record<string, unknown>, now: number): Reply {
    const clientOrderId = typeof body.client_order_id === 'string' ? body.client_order_id : `auto-${this.#nextId}`;
    if (this.byClientId(clientOrderId)) return error(422, 40010001, 'client_order_id must be unique');
    if (clientOrderId.length > 128) return error(422, 40010001, 'client_order_id must be no more than 128 characters');
    const symbol = String(body.symbol);
    const asset = this.asset(symbol);
    if (!asset) return error(422, 40010001, `asset "${symbol}" not found`);
    const qty = Number(body.qty);
    if (!(qty > 0)) return error(422, 40010001, 'qty must be > 0');
    const type = String(body.type);
    if (!Number.isInteger(qty)) {
      if (!asset.fractionable) return error(422, 40010001, `fractional orders are not supported for ${symbol}`);
      if (body.time_in_force !== 'day') return error(422, 40010001, 'fractional orders must be DAY orders');
    }
    const side = body.side === 'sell' ? 'sell' : 'buy';
    const limitPrice = body.limit_price === undefined ? undefined : Number(body.limit_price);
    const price = limitPrice ?? this.price(symbol);
    if (side === 'buy' && qty * price > this.cash + 1e-9) return error(403, 40310000, 'insufficient buying power');
    const held = this.positions.get(symbol) ?? 0;
    if (side === 'sell' && qty > held + 1e-12) {
      return error(403, 40310000, `insufficient qty available for order (requested: ${qty}, available: ${held})`);
    }
    const order: FakeAlpacaOrder = {
      id: `00000000-0000-4000-8000-${String(this.#nextId++).padStart(12, '0')}`,
      clientOrderId,
      symbol,
      side,
      type,
      qty,
      ...(limitPrice !== undefined ? { limitPrice } : {}),
      timeInForce: String(body.time_in_force),
      status: 'accepted',
      filledQty: 0,
      filledCost: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.orders.push(order);
    const marketable =
      type === 'market' || (side === 'buy' ? price >= this.price(symbol) : price <= this.price(symbol));
    if (marketable) this.fill(order, this.partialFraction === undefined ? qty : qty * this.partialFraction, now);
    else order.status = 'new';
    return { status: 200, body: this.json(order) };
  }

  /** Fills `quantity` more of `order` at its symbol's price (its limit for a limit order). */
  fill(order: FakeAlpacaOrder, quantity: number, now: number): void {
    const amount = Math.min(quantity, order.qty - order.filledQty);
    const price = order.limitPrice ?? this.price(order.symbol);
    // The last fill completes the order exactly, as Alpaca's books do (0.4 q + 0.6 q may not be q).
    const complete = order.filledQty + amount >= order.qty - 1e-12;
    order.filledQty = complete ? order.qty : order.filledQty + amount;
    order.filledCost += amount * price;
    order.status = complete ? 'filled' : 'partially_filled';
    order.updatedAt = now;
    const signed = order.side === 'buy' ? amount : -amount;
    this.positions.set(order.symbol, (this.positions.get(order.symbol) ?? 0) + signed);
    if (this.positions.get(order.symbol) === 0) this.positions.delete(order.symbol);
    this.cash -= signed * price;
  }

  cancel(id: string, now: number): Reply {
    const order = this.orders.find((o) => o.id === id);
    if (!order) return error(404, 40410000, 'order not found');
    if (!['new', 'accepted', 'partially_filled'].includes(order.status)) {
      return error(422, 42210000, `order is already in "${order.status}" state`);
    }
    order.status = 'canceled';
    order.updatedAt = now;
    return { status: 204, body: undefined };
  }

  open(symbols: readonly string[] | undefined): FakeAlpacaOrder[] {
    return this.orders.filter(
      (o) => ['new', 'accepted', 'partially_filled'].includes(o.status) && (!symbols || symbols.includes(o.symbol)),
    );
  }

  json(order: FakeAlpacaOrder): Record<string, unknown> {
    const ended = (status: string) => (order.status === status ? iso(order.updatedAt) : null);
    return {
      id: order.id,
      client_order_id: order.clientOrderId,
      created_at: iso(order.createdAt),
      updated_at: iso(order.updatedAt),
      submitted_at: iso(order.createdAt),
      filled_at: ended('filled'),
      expired_at: ended('expired'),
      canceled_at: ended('canceled'),
      failed_at: null,
      asset_id: `asset-${order.symbol}`,
      symbol: order.symbol,
      asset_class: 'us_equity',
      notional: null,
      qty: String(order.qty),
      filled_qty: String(order.filledQty),
      filled_avg_price: order.filledQty > 0 ? String(order.filledCost / order.filledQty) : null,
      order_class: '',
      order_type: order.type,
      type: order.type,
      side: order.side,
      time_in_force: order.timeInForce,
      limit_price: order.limitPrice === undefined ? null : String(order.limitPrice),
      stop_price: null,
      status: order.status,
      extended_hours: false,
    };
  }

  positionsJson(): Record<string, unknown>[] {
    return [...this.positions].map(([symbol, qty]) => ({
      asset_id: `asset-${symbol}`,
      symbol,
      exchange: 'NASDAQ',
      asset_class: 'us_equity',
      qty: String(qty),
      side: qty < 0 ? 'short' : 'long',
      avg_entry_price: String(this.price(symbol)),
      market_value: String(qty * this.price(symbol)),
      current_price: String(this.price(symbol)),
    }));
  }
}
