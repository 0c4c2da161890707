import { bpsToRate, type Costs, marketFillPrice, reducible } from '../../backtest/index.js';
import {
  type BarFeed,
  type Broker,
  type BrokerPosition,
  type Candles,
  type Clock,
  type LeaseFence,
  type OrderReport,
  type OrderRequest,
  type SandboxAccountState,
  SandboxConflictError,
  type SandboxLedger,
  type SandboxOrder,
  type SandboxOrderChange,
  sliceCandles,
  type Timeframe,
  timeframeMs,
  UsageError,
} from '../../core/index.js';
import { fillOrder } from './fill-order.js';
import type { SimMarket } from './market.js';
import { baseAsset, invalidRequest, newOrder, refused, reportOf } from './orders.js';
import { restingFillPrice } from './triggers.js';
import { stateOf, type WorkingAccount, workingAccount } from './working-account.js';

/** How many times a call is made on freshly read books when they keep changing under it. */
const CONFLICT_ATTEMPTS = 3;

export interface SimExchangeOptions {
  /** For logs and events, e.g. `sandbox`, `paper`. */
  readonly name: string;
  readonly account: string;
  readonly ledger: SandboxLedger;
  readonly market: SimMarket;
  readonly clock: Clock;
  readonly costs: Costs;
  /** Quote cash of a new account (an account the ledger already has keeps its own). */
  readonly initialCash: number;
  /** The cash asset's code in `balances()`; default USDT. */
  readonly quote?: string;
  /** Whether a sell may open a short (default true); no margin model beyond the cash check. */
  readonly canShort?: boolean;
  /**
   * Real milliseconds within which the reads reconciliation makes (balances, positions, open
   * orders) may reuse books read from the ledger; default 1000, 0 reads them every time. A runner
   * on real time looks in at least every 1.2 s, so each of its reconciliations reads them; a
   * sandbox compressed many times over does not re-read them dozens of times a second.
   */
  readonly refreshMs?: number;
}

/** Further back than any venue stays shut (Tokyo's year end beside a weekend is six days). */
const CLOSED_LOOKBACK_MS = 14 * 86_400_000;

/**
 * A matching engine over a SimMarket that fills exactly as the backtest does: market orders at the
 * open of the forming bar, resting stops and limits against each closed bar's range (stops first).
 * Its books live in a SandboxLedger, committed before every method returns, so a restarted
 * process continues where the last one stopped. One process uses an account at a time (the runner
 * holds a lease), so the books are kept in memory between calls; but every commit is a guarded
 * update of the rows as they were read (a change made under the exchange fails it, and the books
 * are read again), under the runner's lease token when it gave one (useFence), and the reads
 * reconciliation makes (balances, positions, open orders) read the books from the ledger, so a
 * change made there (cash added, an order inserted or removed) is seen.
 */
export class SimExchange implements Broker, BarFeed {
  readonly name: string;
  readonly canShort: boolean;
  /** Resting stops and take-profits are matched against every bar, as the backtest does. */
  readonly holdsStopOrders = true;
  /** Fee per unit of traded notional (from `costs.feeBps`). */
  readonly feeRate: number;
  private readonly account: string;
  private readonly ledger: SandboxLedger;
  private readonly market: SimMarket;
  private readonly clock: Clock;
  private readonly initialCash: number;
  private readonly quote: string;
  private readonly slippageRate: number;
  private readonly stepMs: number;
  private working: WorkingAccount | undefined;
  /** The account as last read from the ledger or committed to it: what a commit expects to find. */
  private committed: SandboxAccountState | undefined;
  /** Resting orders by client order id, oldest first. */
  private resting = new Map<string, SandboxOrder>();
  /** Orders changed by the running call (as read, and now), and whether the account changed: the next commit. */
  private readonly changed = new Map<string, SandboxOrderChange>();
  private dirty = false;
  /** The previous call read the books afresh: reads right after it (one reconciliation) share them. */
  private freshRead = false;
  private fence: LeaseFence | undefined;
  private readonly refreshMs: number;
  /** Date.now() when the books were last read from the ledger. */
  private readAt = Number.NEGATIVE_INFINITY;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: SimExchangeOptions) {
    if (!(options.initialCash >= 0)) throw new UsageError(`initial cash must be >= 0, got ${options.initialCash}`);
    this.name = options.name;
    this.canShort = options.canShort ?? true;
    this.account = options.account;
    this.ledger = options.ledger;
    this.market = options.market;
    this.clock = options.clock;
    this.initialCash = options.initialCash;
    this.quote = options.quote ?? 'USDT';
    this.feeRate = bpsToRate(options.costs.feeBps);
    this.slippageRate = bpsToRate(options.costs.slippageBps);
    this.stepMs = timeframeMs(options.market.timeframe);
    this.refreshMs = options.refreshMs ?? 1000;
  }

  /** Commits from now on only while `fence` is the current lease of its bot. */
  useFence(fence: LeaseFence): void {
    this.fence = fence;
  }

  placeOrder(request: OrderRequest): Promise<OrderReport> {
    return this.exclusive(async (working, now) => {
      const known = await this.find(request.clientOrderId);
      if (known) return reportOf(known);
      let order = newOrder(request, now);
      const invalid = invalidRequest(request);
      if (invalid) return this.record(refused(order, 'rejected', invalid, now));
      const bar = await this.formingBar(order.symbol, now);
      // A closed session market takes orders and fills a market order at the next session's open.
      const queued = !bar && (await this.closedSessionPrice(order.symbol, now)) !== undefined;
      if (!bar && !queued)
        return this.record(refused(order, 'rejected', `unknown symbol ${order.symbol} (no market data)`, now));
      if (order.reduceOnly) {
        // Clipped to the position rather than refused: "close what is left" is what callers mean.
        const most = reducible(working.positions[order.symbol] ?? 0, order.side);
        if (most === 0)
          return this.record(refused(order, 'rejected', 'reduce-only order would not reduce a position', now));
        order = { ...order, quantity: Math.min(order.quantity, most) };
      }
      if (order.type !== 'market' || !bar) return this.record(order);
      const price = marketFillPrice(bar.open, order.side === 'buy', this.slippageRate);
      return this.record(this.execute(working, order, price, now, now, 'rejected'));
    });
  }

  cancelOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    return this.exclusive(async (_working, now) => {
      const order = this.resting.get(clientOrderId);
      if (order?.symbol === symbol) return this.record({ ...order, status: 'cancelled', updatedAt: now });
      return this.lookUp(clientOrderId, symbol);
    });
  }

  fetchOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    return this.exclusive(() => this.lookUp(clientOrderId, symbol));
  }

  openOrders(symbol?: string): Promise<OrderReport[]> {
    return this.exclusive(
      async () => [...this.resting.values()].filter((o) => symbol === undefined || o.symbol === symbol).map(reportOf),
      true,
    );
  }

  balances(): Promise<Readonly<Record<string, number>>> {
    return this.exclusive(async (working) => {
      const balances: Record<string, number> = { [this.quote]: working.cash };
      for (const [symbol, quantity] of Object.entries(working.positions)) {
        if (quantity !== 0) balances[baseAsset(symbol)] = (balances[baseAsset(symbol)] ?? 0) + quantity;
      }
      return balances;
    }, true);
  }

  positions(): Promise<BrokerPosition[]> {
    return this.exclusive(
      async (working) =>
        Object.entries(working.positions)
          .filter(([, quantity]) => quantity !== 0)
          .map(([symbol, quantity]) => ({ symbol, quantity })),
      true,
    );
  }

  /** Any quantity goes, as in the backtest. */
  async minimumQuantity(): Promise<number> {
    return 0;
  }

  /** The open of the forming bar: what a market order fills at before slippage. */
  lastPrice(symbol: string): Promise<number> {
    return this.exclusive(async (_working, now) => {
      const bar = await this.formingBar(symbol, now);
      const price = bar?.open ?? (await this.closedSessionPrice(symbol, now));
      if (price === undefined) throw new UsageError(`${this.name}: unknown symbol ${symbol} (no market data)`);
      return price;
    });
  }

  async close(): Promise<void> {
    await this.tail;
  }

  /**
   * The market's closed bars; never bars after the exchange's clock (a replay must not leak the
   * future). Reads prices only: the account is not touched.
   */
  async closedBars(symbol: string, timeframe: Timeframe, from: number, now: number, limit?: number): Promise<Candles> {
    if (timeframe !== this.market.timeframe) {
      throw new UsageError(`${this.name} has ${this.market.timeframe} bars only, not ${timeframe}`);
    }
    const until = Math.min(now, this.clock.now());
    const bars = await this.market.bars(symbol, from, until - this.stepMs);
    let end = bars.length;
    while (end > 0 && bars.time[end - 1] + this.stepMs > until) end--;
    return sliceCandles(bars, 0, limit === undefined ? end : Math.min(end, Math.max(0, limit)));
  }

  /**
   * Runs one call at a time against loaded, matched-up books, and commits what it changed before
   * returning. A failed call (a conflicting change under the exchange, a lost lease, the database
   * away) drops the in-memory books so the next one reads the committed state. `fresh`: read the
   * books from the ledger first (unless the call before was such a read too).
   */
  private exclusive<T>(work: (working: WorkingAccount, now: number) => Promise<T>, fresh = false): Promise<T> {
    const run = this.tail.then(async () => {
      // A change made under the exchange since it read the books fails the commit; the call is
      // then made again on the books as they are now (a few times, should they keep changing).
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.attempt(work, fresh);
        } catch (error) {
          if (!(error instanceof SandboxConflictError) || attempt >= CONFLICT_ATTEMPTS) throw error;
        }
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async attempt<T>(work: (working: WorkingAccount, now: number) => Promise<T>, fresh: boolean): Promise<T> {
    this.changed.clear();
    this.dirty = false;
    if (fresh && !this.freshRead && Date.now() - this.readAt >= this.refreshMs) this.working = undefined;
    this.freshRead = fresh;
    try {
      const working = await this.load();
      const now = this.clock.now();
      await this.advance(working, now);
      const result = await work(working, now);
      if (this.dirty || this.changed.size > 0) {
        const after = stateOf(working);
        const orders = [...this.changed.values()];
        await this.ledger.commit(this.account, { before: this.committed, after, orders, fence: this.fence });
        this.committed = after;
      }
      return result;
    } catch (error) {
      this.working = undefined;
      this.freshRead = false;
      throw error;
    }
  }

  private async load(): Promise<WorkingAccount> {
    if (this.working) return this.working;
    const { state, open } = this.ledger.loadBooks
      ? await this.ledger.loadBooks(this.account)
      : { state: await this.ledger.loadAccount(this.account), open: await this.ledger.openOrders(this.account) };
    this.resting = new Map(open.map((order) => [order.clientOrderId, order]));
    this.committed = state;
    this.readAt = Date.now();
    this.working = workingAccount(state ?? { cash: this.initialCash, positions: {}, matchedThrough: {} });
    if (!state) this.dirty = true;
    return this.working;
  }

  /**
   * Matches resting orders against every bar that closed since the last call, in time order. An
   * order is checked against the whole bar it was placed in, as the backtest checks the entry bar.
   */
  private async advance(working: WorkingAccount, now: number): Promise<void> {
    const symbols = new Set([...this.resting.values()].map((order) => order.symbol));
    for (const symbol of symbols) {
      const placed = [...this.resting.values()].filter((o) => o.symbol === symbol).map((o) => o.placedAt);
      const matched = working.matchedThrough[symbol];
      const from = Math.max(Math.min(...placed) - this.stepMs + 1, matched === undefined ? -Infinity : matched + 1);
      if (now - this.stepMs < from) continue;
      const bars = await this.market.bars(symbol, from, now - this.stepMs);
      for (let i = 0; i < bars.length && bars.time[i] + this.stepMs <= now; i++) {
        this.matchBar(working, symbol, bars, i, now);
        working.matchedThrough[symbol] = bars.time[i];
        this.dirty = true;
      }
    }
    await this.fillQueued(working, now);
  }

  /**
   * Market orders queued while a session market was closed fill at the open of the session's
   * first bar as soon as that bar has begun, as the backtest fills them: a runner looking in at the
   * open sees its exit filled and can send what waited for it (a reversal's entry).
   */
  private async fillQueued(working: WorkingAccount, now: number): Promise<void> {
    const queued = [...this.resting.values()].filter((order) => order.type === 'market');
    for (const symbol of new Set(queued.map((order) => order.symbol))) {
      const bar = await this.formingBar(symbol, now);
      if (bar === undefined) continue;
      for (const order of queued.filter((o) => o.symbol === symbol && o.placedAt < bar.time)) {
        if (this.resting.get(order.clientOrderId) !== order) continue; // expired by an earlier fill
        const price = marketFillPrice(bar.open, order.side === 'buy', this.slippageRate);
        this.record(this.execute(working, order, price, bar.time, now, 'expired'));
      }
    }
  }

  /** Stops first, then limits, each oldest first: the backtest's stop-loss-before-take-profit. */
  private matchBar(working: WorkingAccount, symbol: string, bars: Candles, i: number, now: number): void {
    const time = bars.time[i];
    const live = [...this.resting.values()]
      .filter((o) => o.symbol === symbol && o.placedAt < time + this.stepMs)
      .sort((a, b) => a.placedAt - b.placedAt);
    // Market orders queued while a session market was closed fill first, at the open.
    const queue = [
      ...live.filter((o) => o.type === 'market'),
      ...live.filter((o) => o.type === 'stop'),
      ...live.filter((o) => o.type === 'limit'),
    ];
    for (const order of queue) {
      if (this.resting.get(order.clientOrderId) !== order) continue; // expired by an earlier fill
      const price =
        order.type === 'market'
          ? marketFillPrice(bars.open[i], order.side === 'buy', this.slippageRate)
          : restingFillPrice(order, bars.open[i], bars.high[i], bars.low[i], this.slippageRate);
      if (price !== undefined) this.record(this.execute(working, order, price, time, now, 'expired'));
    }
  }

  /** Fills `order` (see `fillOrder`), then expires reduce-only orders left with nothing to reduce. */
  private execute(
    working: WorkingAccount,
    order: SandboxOrder,
    price: number,
    time: number,
    now: number,
    refusal: 'rejected' | 'expired',
  ): SandboxOrder {
    const done = fillOrder(working, order, { price, time, now, refusal }, this);
    if (done.status !== 'filled') return done;
    this.record(done);
    // How a take-profit dies when its stop fires, and protective orders when a signal exit closes.
    const left = working.positions[order.symbol] ?? 0;
    for (const other of this.resting.values()) {
      if (other.symbol === order.symbol && other.reduceOnly && reducible(left, other.side) === 0) {
        this.record(refused(other, 'expired', 'position closed', now));
      }
    }
    return done;
  }

  /** Notes a new or changed order for the commit and keeps the resting set up to date. */
  private record(order: SandboxOrder): OrderReport {
    const id = order.clientOrderId;
    const before = this.changed.has(id) ? this.changed.get(id)?.before : this.resting.get(id);
    this.changed.set(id, { before, after: order });
    if (order.status === 'open' || order.status === 'partially_filled') this.resting.set(order.clientOrderId, order);
    else this.resting.delete(order.clientOrderId);
    return reportOf(order);
  }

  private async lookUp(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    const order = await this.find(clientOrderId);
    return order?.symbol === symbol ? reportOf(order) : undefined;
  }

  /** The order as it stands, including changes of the running call not yet committed. */
  private async find(clientOrderId: string): Promise<SandboxOrder | undefined> {
    return (
      this.resting.get(clientOrderId) ??
      this.changed.get(clientOrderId)?.after ??
      (await this.ledger.findOrder(this.account, clientOrderId))
    );
  }

  /**
   * While a session market is closed, what a market order fills at before slippage: the open of
   * the next session's first bar (the backtest's next-bar open; the generator and a replay know it),
   * else, past the end of a replay's data, the last close. Undefined when the market has no
   * sessions, is open, or does not know the symbol.
   */
  private async closedSessionPrice(symbol: string, now: number): Promise<number | undefined> {
    const calendar = this.market.calendar;
    if (calendar === undefined || calendar.alwaysOpen || calendar.isOpen(now)) return undefined;
    const next = await this.market.bars(symbol, now, now + CLOSED_LOOKBACK_MS);
    if (next.length > 0) return next.open[0];
    const before = await this.market.bars(symbol, now - CLOSED_LOOKBACK_MS, now);
    return before.length === 0 ? undefined : before.close[before.length - 1];
  }

  /** The bar containing `now`, of which only the open is known. */
  private async formingBar(symbol: string, now: number): Promise<{ time: number; open: number } | undefined> {
    const bars = await this.market.bars(symbol, now - this.stepMs + 1, now);
    const last = bars.length - 1;
    if (last < 0 || bars.time[last] > now || bars.time[last] + this.stepMs <= now) return undefined;
    return { time: bars.time[last], open: bars.open[last] };
  }
}
