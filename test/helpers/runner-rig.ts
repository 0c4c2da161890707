import type { Costs } from '../../src/backtest/index.js';
import { createReplayExchange, ManualClock, MemorySandboxLedger, type SimExchange } from '../../src/broker/index.js';
import type { VenueCalendar } from '../../src/calendar/index.js';
import {
  allocateCandles,
  type BarFeed,
  type Broker,
  type BrokerPosition,
  type Candles,
  type LeaseFence,
  type OrderReport,
  type OrderRequest,
  type SandboxLedger,
  type Timeframe,
  timeframeMs,
} from '../../src/core/index.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../src/risk/index.js';
import { BotRunner } from '../../src/runner/index.js';
import { type BotRecord, getBot, registerBots, type Store } from '../../src/store/index.js';
import type { Strategy } from '../../src/strategy/index.js';

export const RIG_SYMBOL = 'SBX-TREND';
export const RIG_TIMEFRAME: Timeframe = '1m';
export const RIG_TF_MS = timeframeMs(RIG_TIMEFRAME);
/** Open time of the first bar: early in a UTC day, so a short run never crosses midnight. */
export const RIG_T0 = Date.UTC(2024, 0, 2, 1, 0, 0);
export const RIG_COSTS: Costs = { feeBps: 10, slippageBps: 5 };

/** Rails that refuse nothing but the flags, for tests that switch on one rail at a time. */
export const OPEN_LIMITS: RiskLimits = {
  ...DEFAULT_RISK_LIMITS,
  priceCollar: 1,
  dailyLossLimit: 1,
  maxOrdersPerMinute: Number.POSITIVE_INFINITY,
  staleAfterBars: Number.POSITIVE_INFINITY,
};

/** One-minute bars from RIG_T0 with the given opens and closes (high/low around them). */
export function pathCandles(prices: ReadonlyArray<number | [open: number, close: number]>): Candles {
  const candles = allocateCandles(prices.length);
  prices.forEach((price, i) => {
    const [open, close] = typeof price === 'number' ? [price, price] : price;
    candles.time[i] = RIG_T0 + i * RIG_TF_MS;
    candles.open[i] = open;
    candles.close[i] = close;
    candles.high[i] = Math.max(open, close) * 1.001;
    candles.low[i] = Math.min(open, close) * 0.999;
    candles.volume[i] = 1_000;
  });
  return candles;
}

/** What the broker was asked to place, with what it answered. */
export interface PlacedOrder {
  readonly request: OrderRequest;
  readonly report: OrderReport;
  /** Whatever `onPlace` returned before the order went through (the context at that moment). */
  readonly context: unknown;
}

/**
 * A real broker behind a window: every call goes through to it unchanged, and every placeOrder is
 * recorded with the context `onPlace` reads at that moment (the flags in the database, say).
 */
export class RecordingBroker implements Broker {
  readonly placed: PlacedOrder[] = [];

  constructor(
    readonly inner: Broker,
    private readonly onPlace: (request: OrderRequest) => Promise<unknown> = async () => undefined,
  ) {
    this.holdsStopOrders = inner.holdsStopOrders;
  }

  get name(): string {
    return this.inner.name;
  }

  get canShort(): boolean {
    return this.inner.canShort;
  }

  /** The inner broker's, unless the test says otherwise (to make the runner keep the stops itself). */
  holdsStopOrders: boolean;

  async placeOrder(request: OrderRequest): Promise<OrderReport> {
    const context = await this.onPlace(request);
    const report = await this.inner.placeOrder(request);
    this.placed.push({ request, report, context });
    return report;
  }

  cancelOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    return this.inner.cancelOrder(clientOrderId, symbol);
  }

  fetchOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    return this.inner.fetchOrder(clientOrderId, symbol);
  }

  openOrders(symbol?: string): Promise<OrderReport[]> {
    return this.inner.openOrders(symbol);
  }

  balances(): Promise<Readonly<Record<string, number>>> {
    return this.inner.balances();
  }

  positions(): Promise<BrokerPosition[]> {
    return this.inner.positions();
  }

  lastPrice(symbol: string): Promise<number> {
    return this.inner.lastPrice(symbol);
  }

  minimumQuantity(symbol: string): Promise<number> {
    return this.inner.minimumQuantity(symbol);
  }

  useFence(fence: LeaseFence): void {
    this.inner.useFence?.(fence);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface RigOptions {
  readonly name: string;
  readonly candles: Candles;
  /** Index of the first traded bar; the bars before it warm the strategy up. */
  readonly start: number;
  readonly strategy: Strategy;
  readonly limits?: RiskLimits;
  readonly ledger?: SandboxLedger;
  readonly capital?: number;
  /** A feed other than the exchange itself (a stalled one, say). */
  readonly feed?: (exchange: SimExchange) => BarFeed;
  readonly onPlace?: (request: OrderRequest) => Promise<unknown>;
}

/** A registered bot, a replay exchange over `candles` on a manual clock, and a runner for it. */
export interface Rig {
  readonly bot: BotRecord;
  readonly clock: ManualClock;
  readonly exchange: SimExchange;
  readonly broker: RecordingBroker;
  readonly runner: BotRunner;
  /** Moves the clock to the close of bar `index` and ticks. */
  tickAt(index: number): ReturnType<BotRunner['tick']>;
}

export async function registerRigBot(store: Store, name: string, capital = 10_000): Promise<BotRecord> {
  await registerBots(store, [
    {
      name,
      spec: { name: 'scripted' },
      params: {},
      symbol: RIG_SYMBOL,
      exchange: 'replay',
      timeframe: RIG_TIMEFRAME,
      capital,
      risk: {},
      config: {},
    },
  ]);
  const bot = await getBot(store, name);
  if (bot === undefined) throw new Error(`bot ${name} was not registered`);
  return bot;
}

/** The exchange alone, on its clock at the close of bar `start - 1` (before the runner boots). */
export function rigExchange(options: {
  name: string;
  candles: Candles;
  start: number;
  ledger?: SandboxLedger;
  capital?: number;
}): { clock: ManualClock; exchange: SimExchange } {
  const clock = new ManualClock(options.candles.time[options.start - 1] + RIG_TF_MS);
  const exchange = createReplayExchange({
    account: options.name,
    ledger: options.ledger ?? new MemorySandboxLedger(),
    clock,
    timeframe: RIG_TIMEFRAME,
    costs: RIG_COSTS,
    initialCash: options.capital ?? 10_000,
    candles: { [RIG_SYMBOL]: options.candles },
  });
  return { clock, exchange };
}

export function rigRunner(
  store: Store,
  bot: BotRecord,
  parts: {
    clock: ManualClock;
    broker: Broker;
    feed: BarFeed;
    strategy: Strategy;
    limits?: RiskLimits;
    start: number;
    /** Default true: the sandbox account is the bot's alone. */
    ownAccount?: boolean;
    quote?: string;
    /** The venue's calendar and the spec's risk.extended_hours (default: crypto, never closed). */
    calendar?: VenueCalendar;
    extendedHours?: boolean;
  },
): BotRunner {
  return new BotRunner({
    store,
    bot,
    strategy: parts.strategy,
    broker: parts.broker,
    feed: parts.feed,
    clock: parts.clock,
    costs: RIG_COSTS,
    limits: parts.limits ?? OPEN_LIMITS,
    owner: `test:${process.pid}`,
    leaseTtlMs: 60_000,
    warmupBars: parts.start,
    ownAccount: parts.ownAccount ?? true,
    ...(parts.quote !== undefined ? { quote: parts.quote } : {}),
    calendar: parts.calendar,
    extendedHours: parts.extendedHours,
  });
}

export async function createRig(store: Store, options: RigOptions): Promise<Rig> {
  const bot = await registerRigBot(store, options.name, options.capital);
  const { clock, exchange } = rigExchange(options);
  const broker = new RecordingBroker(exchange, options.onPlace);
  const runner = rigRunner(store, bot, {
    clock,
    broker,
    feed: options.feed?.(exchange) ?? exchange,
    strategy: options.strategy,
    limits: options.limits,
    start: options.start,
  });
  return {
    bot,
    clock,
    exchange,
    broker,
    runner,
    tickAt(index: number) {
      clock.set(options.candles.time[index] + RIG_TF_MS);
      return runner.tick();
    },
  };
}
