import { accountJson, fmt, orderJson, tickerJson } from './fake-binance-json.js';

/**
 * The trading half of the fake Binance: one spot account (balances, orders, trades) that answers
 * the signed REST endpoints ccxt's `binance` calls, in Binance's own response shapes. Market
 * orders fill at the symbol's price; limit orders fill when marketable, else rest until `fill`.
 * Fees: 0.1% by default, in the base asset on buys and the quote asset on sells, as on Binance.
 */

export interface FakeOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'MARKET' | 'LIMIT';
  /** Limit price, 0 for market orders. */
  readonly price: number;
  /** The quote held back per unit while a buy is open. */
  readonly reservePrice: number;
  readonly origQty: number;
  executedQty: number;
  cummulativeQuoteQty: number;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
  readonly time: number;
  updateTime: number;
  readonly trades: FakeTrade[];
}

export interface FakeTrade {
  readonly id: number;
  readonly orderId: number;
  readonly price: number;
  readonly qty: number;
  readonly commission: number;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
}

export interface FakeMarket {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
}

export type Reply = [status: number, body: unknown];

const INSUFFICIENT = 'Account has insufficient balance for requested action.';

export class FakeBinanceAccount {
  readonly orders: FakeOrder[] = [];
  readonly #markets: Map<string, FakeMarket>;
  readonly #initialBalances: Record<string, number>;
  readonly #prices = new Map<string, number>();
  readonly #defaultPrice: (symbolId: string) => number;
  readonly #commission: number;
  #balances = new Map<string, { free: number; locked: number }>();
  #nextOrderId = 1;
  #nextTradeId = 1;
  #partial: number | undefined;
  #rejectNext: { code: number; msg: string } | undefined;

  constructor(
    markets: readonly FakeMarket[],
    balances: Readonly<Record<string, number>>,
    defaultPrice: (symbolId: string) => number,
    commission: number,
  ) {
    this.#markets = new Map(markets.map((m) => [m.id, m]));
    this.#initialBalances = { ...balances };
    this.#defaultPrice = defaultPrice;
    this.#commission = commission;
    this.reset();
  }

  reset(): void {
    this.orders.length = 0;
    this.#prices.clear();
    this.#balances = new Map(Object.entries(this.#initialBalances).map(([a, free]) => [a, { free, locked: 0 }]));
    this.#partial = undefined;
    this.#rejectNext = undefined;
  }

  price(symbolId: string): number {
    return this.#prices.get(symbolId) ?? this.#defaultPrice(symbolId);
  }

  setPrice(symbolId: string, price: number): void {
    this.#prices.set(symbolId, price);
  }

  balance(asset: string): { free: number; locked: number } {
    return { ...(this.#balances.get(asset) ?? { free: 0, locked: 0 }) };
  }

  setBalance(asset: string, free: number): void {
    this.#wallet(asset).free = free;
  }

  rejectNextOrder(code: number, msg: string): void {
    this.#rejectNext = { code, msg };
  }

  partialFills(fraction: number | undefined): void {
    this.#partial = fraction;
  }

  /** Fills `quantity` more (default: the rest) of an open order at its limit price or the market price. */
  fill(clientOrderId: string, quantity?: number): FakeOrder {
    const order = this.#latest(clientOrderId);
    if (!order || !isOpen(order)) throw new Error(`fake binance: no open order ${clientOrderId}`);
    const market = this.#markets.get(order.symbol) as FakeMarket;
    this.#execute(order, market, Math.min(quantity ?? order.origQty, order.origQty - order.executedQty));
    return order;
  }

  /** POST /api/v3/order */
  create(p: Readonly<Record<string, string>>): Reply {
    const market = this.#markets.get(p.symbol);
    if (!market) return [400, { code: -1121, msg: 'Invalid symbol.' }];
    if (this.#rejectNext) {
      const { code, msg } = this.#rejectNext;
      this.#rejectNext = undefined;
      return [400, { code, msg }];
    }
    const clientOrderId = p.newClientOrderId ?? `fake${this.#nextOrderId}`;
    if (this.orders.some((o) => o.clientOrderId === clientOrderId && isOpen(o))) {
      return [400, { code: -2010, msg: 'Duplicate order sent.' }]; // unique among open orders only
    }
    if (p.type !== 'MARKET' && p.type !== 'LIMIT') return [400, { code: -1116, msg: 'Invalid orderType.' }];
    const quantity = Number(p.quantity);
    const limit = p.type === 'LIMIT' ? Number(p.price) : 0;
    if (!(quantity > 0) || (p.type === 'LIMIT' && !(limit > 0))) {
      return [400, { code: -1013, msg: 'Invalid quantity.' }];
    }
    const market_ = this.price(market.id);
    const side = p.side === 'SELL' ? 'SELL' : 'BUY';
    const needed = side === 'BUY' ? quantity * (limit || market_) : quantity;
    const wallet = this.#wallet(side === 'BUY' ? market.quote : market.base);
    if (wallet.free + 1e-12 < needed) return [400, { code: -2010, msg: INSUFFICIENT }];
    wallet.free -= needed;
    wallet.locked += needed;
    const now = Date.now();
    const order: FakeOrder = {
      orderId: this.#nextOrderId++,
      clientOrderId,
      symbol: market.id,
      side,
      type: p.type,
      price: limit,
      reservePrice: limit || market_,
      origQty: quantity,
      executedQty: 0,
      cummulativeQuoteQty: 0,
      status: 'NEW',
      time: now,
      updateTime: now,
      trades: [],
    };
    this.orders.push(order);
    const marketable = p.type === 'MARKET' || (side === 'BUY' ? limit >= market_ : limit <= market_);
    // An order that matches on arrival trades at its transaction time, as Binance reports it.
    if (marketable)
      this.#execute(order, market, this.#partial === undefined ? quantity : quantity * this.#partial, now);
    const fills = order.trades.map((t) => ({
      price: fmt(t.price),
      qty: fmt(t.qty),
      commission: fmt(t.commission),
      commissionAsset: t.commissionAsset,
      tradeId: t.id,
    }));
    return [200, { ...orderJson(order), transactTime: now, fills }];
  }

  /** GET /api/v3/order */
  get(p: Readonly<Record<string, string>>): Reply {
    const order = this.#find(p);
    return order
      ? [200, { ...orderJson(order), time: order.time, updateTime: order.updateTime, isWorking: true }]
      : notFound();
  }

  /** DELETE /api/v3/order */
  cancel(p: Readonly<Record<string, string>>): Reply {
    const order = this.#find(p);
    if (!order || !isOpen(order)) return [400, { code: -2011, msg: 'Unknown order sent.' }];
    const market = this.#markets.get(order.symbol) as FakeMarket;
    this.#release(order, market);
    order.status = 'CANCELED';
    order.updateTime = Date.now();
    const body = orderJson(order);
    return [200, { ...body, origClientOrderId: order.clientOrderId, clientOrderId: `cancel${order.orderId}` }];
  }

  /** GET /api/v3/openOrders */
  openOrders(p: Readonly<Record<string, string>>): Reply {
    const open = this.orders.filter((o) => isOpen(o) && (p.symbol === undefined || o.symbol === p.symbol));
    return [200, open.map((o) => ({ ...orderJson(o), time: o.time, updateTime: o.updateTime, isWorking: true }))];
  }

  /** GET /api/v3/myTrades */
  myTrades(p: Readonly<Record<string, string>>): Reply {
    const orders = this.orders.filter(
      (o) => o.symbol === p.symbol && (p.orderId === undefined || String(o.orderId) === p.orderId),
    );
    const trades = orders.flatMap((o) =>
      o.trades.map((t) => ({
        symbol: o.symbol,
        id: t.id,
        orderId: o.orderId,
        orderListId: -1,
        price: fmt(t.price),
        qty: fmt(t.qty),
        quoteQty: fmt(t.price * t.qty),
        commission: fmt(t.commission),
        commissionAsset: t.commissionAsset,
        time: t.time,
        isBuyer: t.isBuyer,
        isMaker: false,
        isBestMatch: true,
      })),
    );
    return [200, trades.sort((a, b) => a.id - b.id)];
  }

  /** GET /api/v3/account */
  account(): Reply {
    return [200, accountJson([...this.#balances].map(([asset, b]) => ({ asset, ...b })))];
  }

  /** GET /api/v3/ticker/24hr and /api/v3/ticker/price */
  ticker(symbolId: string, full: boolean): Reply {
    if (!this.#markets.has(symbolId)) return [400, { code: -1121, msg: 'Invalid symbol.' }];
    return [200, tickerJson(symbolId, this.price(symbolId), full)];
  }

  #execute(order: FakeOrder, market: FakeMarket, quantity: number, now = Date.now()): void {
    if (!(quantity > 0)) return;
    const price = order.type === 'LIMIT' ? order.price : this.price(market.id);
    const buy = order.side === 'BUY';
    const commission = buy ? quantity * this.#commission : quantity * price * this.#commission;
    const base = this.#wallet(market.base);
    const quote = this.#wallet(market.quote);
    if (buy) {
      quote.locked -= quantity * order.reservePrice;
      quote.free += quantity * (order.reservePrice - price); // filled below what was held back
      base.free += quantity - commission;
    } else {
      base.locked -= quantity;
      quote.free += quantity * price - commission;
    }
    order.trades.push({
      id: this.#nextTradeId++,
      orderId: order.orderId,
      price,
      qty: quantity,
      commission,
      commissionAsset: buy ? market.base : market.quote,
      time: now,
      isBuyer: buy,
    });
    order.executedQty += quantity;
    order.cummulativeQuoteQty += quantity * price;
    order.updateTime = now;
    order.status = order.executedQty >= order.origQty - 1e-12 ? 'FILLED' : 'PARTIALLY_FILLED';
  }

  /** Gives back what an open order still holds. */
  #release(order: FakeOrder, market: FakeMarket): void {
    const rest = order.origQty - order.executedQty;
    const buy = order.side === 'BUY';
    const wallet = this.#wallet(buy ? market.quote : market.base);
    const amount = buy ? rest * order.reservePrice : rest;
    wallet.locked -= amount;
    wallet.free += amount;
  }

  #wallet(asset: string): { free: number; locked: number } {
    let wallet = this.#balances.get(asset);
    if (!wallet) {
      wallet = { free: 0, locked: 0 };
      this.#balances.set(asset, wallet);
    }
    return wallet;
  }

  #latest(clientOrderId: string): FakeOrder | undefined {
    return this.orders.findLast((o) => o.clientOrderId === clientOrderId);
  }

  #find(p: Readonly<Record<string, string>>): FakeOrder | undefined {
    const order =
      p.origClientOrderId !== undefined
        ? this.#latest(p.origClientOrderId)
        : this.orders.find((o) => String(o.orderId) === p.orderId);
    return order?.symbol === p.symbol ? order : undefined;
  }
}

const isOpen = (o: FakeOrder): boolean => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
const notFound = (): Reply => [400, { code: -2013, msg: 'Order does not exist.' }];
