import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, type OrderReport, type OrderRequest, SafetyError } from '../../../src/core/index.js';
import { type RiskLimits, utcDay } from '../../../src/risk/index.js';
import {
  ordersOf,
  readPosition,
  readRuntime,
  type Store,
  setBotMode,
  setDayStart,
  setFlags,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import {
  createRig,
  OPEN_LIMITS,
  pathCandles,
  RecordingBroker,
  RIG_SYMBOL,
  RIG_TF_MS,
  rigRunner,
} from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

const S = 5;
/** Flat at 100 through the warm-up and a few bars after, then a slide to 90. */
const PRICES = [100, 100, 100, 100, 100, 100, 100, 100, 97, 94, 90, 90, 90, 90];

/** The bot's ledger orders of some roles, as [role, type, status]. */
async function ledger(store: Store, bot: string, roles: readonly string[]): Promise<string[][]> {
  const orders = await ordersOf(store, bot);
  return orders.filter((o) => roles.includes(o.role)).map((o) => [o.role, o.type, o.status]);
}

/** An exchange that reports orders filled a while before it lists their trades. */
class LateTrades extends RecordingBroker {
  listed = false;

  override async placeOrder(request: OrderRequest): Promise<OrderReport> {
    return this.hide(await super.placeOrder(request));
  }

  override async fetchOrder(clientOrderId: string, symbol: string): Promise<OrderReport | undefined> {
    const report = await super.fetchOrder(clientOrderId, symbol);
    return report && this.hide(report);
  }

  private hide(report: OrderReport): OrderReport {
    return this.listed ? report : { ...report, fills: [] };
  }
}

/**
 * A bot that bought on bar S, its runner stopped, and a new runner for it (same script) on the
 * close of bar S + 1: a restart between two decisions. `between` runs while no runner is up.
 */
async function restartedAfterEntry(
  store: Store,
  name: string,
  limits: RiskLimits,
  between: () => Promise<unknown> = async () => undefined,
) {
  const script = { [S]: 'buy', [S + 1]: 'sell' };
  const r = await createRig(store, {
    name,
    candles: pathCandles(PRICES),
    start: S,
    strategy: scriptedStrategy(script),
    limits,
  });
  await r.runner.boot();
  await r.tickAt(S);
  await r.runner.stop();
  await between();
  r.clock.set(pathCandles(PRICES).time[S + 1] + RIG_TF_MS);
  const restarted = rigRunner(store, r.bot, {
    clock: r.clock,
    broker: r.broker,
    feed: r.exchange,
    strategy: scriptedStrategy(script),
    limits,
    start: S,
  });
  await restarted.boot();
  return { ...r, restarted };
}

describe.each(BACKENDS)('protective orders on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  }, 60_000);
  afterAll(() => database?.cleanup());

  const rig = (name: string, script: Record<number, string>, risk = { stopLoss: 0.05, takeProfit: 0.2 }) =>
    createRig(store, { name, candles: pathCandles(PRICES), start: S, strategy: scriptedStrategy(script, risk) });

  it('a stop and target cancelled by the kill switch are placed again, under new ids, once it is off', async () => {
    const r = await rig('rearm', { [S]: 'buy' });
    await r.runner.boot();
    await r.tickAt(S);
    expect(r.broker.placed.map((p) => p.request.type)).toEqual(['market', 'stop', 'limit']);
    const [position] = await r.exchange.positions();

    await setFlags(store, 'rearm', { killSwitch: true }, { actor: 'test' });
    await r.tickAt(S); // the same bar: nothing new closed
    expect(await r.exchange.openOrders(RIG_SYMBOL)).toEqual([]);
    await r.tickAt(S);
    expect(r.broker.placed).toHaveLength(3); // nothing placed while the switch is on

    await setFlags(store, 'rearm', { killSwitch: false }, { actor: 'test' });
    await r.tickAt(S);
    const rearmed = r.broker.placed.slice(3).map((p) => p.request);
    expect(rearmed.map((o) => [o.type, o.quantity, o.reduceOnly])).toEqual([
      ['stop', position.quantity, true],
      ['limit', position.quantity, true],
    ]);
    const firstIds = r.broker.placed.slice(1, 3).map((p) => p.request.clientOrderId);
    for (const order of rearmed) expect(firstIds).not.toContain(order.clientOrderId);
    expect(await r.exchange.openOrders(RIG_SYMBOL)).toHaveLength(2);
    expect(await ledger(store, 'rearm', ['stop', 'take_profit'])).toEqual([
      ['stop', 'stop', 'cancelled'],
      ['take_profit', 'limit', 'cancelled'],
      ['stop', 'stop', 'open'],
      ['take_profit', 'limit', 'open'],
    ]);

    // Protected again: later ticks place nothing more, and the slide hits the new stop.
    await r.tickAt(S + 1);
    expect(r.broker.placed).toHaveLength(5);
    for (let i = S + 2; i <= S + 6; i++) await r.tickAt(i);
    expect(await r.exchange.positions()).toEqual([]);
    expect((await readPosition(store, 'rearm', RIG_SYMBOL)).quantity).toBe(0);
    await r.runner.stop();
  });

  it('with a broker that holds no stop orders, the runner exits at market once the stop is crossed', async () => {
    const r = await rig('watched', { [S]: 'buy' }, { stopLoss: 0.05, takeProfit: Number.NaN });
    r.broker.holdsStopOrders = false;
    await r.runner.boot();
    await r.tickAt(S);
    expect(r.broker.placed.map((p) => p.request.type)).toEqual(['market']);
    const stop = (await readPosition(store, 'watched', RIG_SYMBOL)).avgPrice * 0.95;
    // Above the stop nothing happens, however often the runner looks; the first look at a last
    // price at or below it sends a market exit.
    let crossedAt: number | undefined;
    for (let i = S + 1; i < PRICES.length - 2 && crossedAt === undefined; i++) {
      r.clock.set(pathCandles(PRICES).time[i] + RIG_TF_MS);
      const last = await r.exchange.lastPrice(RIG_SYMBOL);
      await r.runner.tick();
      expect(r.broker.placed).toHaveLength(last <= stop ? 2 : 1);
      if (last <= stop) crossedAt = i;
    }
    expect(crossedAt).toBeDefined();
    const exit = r.broker.placed[1].request;
    expect([exit.type, exit.side, exit.reduceOnly]).toEqual(['market', 'sell', true]);
    await r.tickAt((crossedAt as number) + 1);
    expect(await r.exchange.positions()).toEqual([]);
    expect(await ledger(store, 'watched', ['stop'])).toEqual([['stop', 'market', 'filled']]);
    expect(r.broker.placed).toHaveLength(2);
    await r.runner.stop();
  });

  it('an order the broker reports filled before it lists the trades is booked once they appear, without a halt', async () => {
    const r = await rig('late', { [S]: 'buy' }, { stopLoss: Number.NaN, takeProfit: Number.NaN });
    const late = new LateTrades(r.exchange);
    const runner = rigRunner(store, r.bot, {
      clock: r.clock,
      broker: late,
      feed: r.exchange,
      strategy: scriptedStrategy({ [S]: 'buy' }),
      start: S,
    });
    const tickAt = (i: number) => {
      r.clock.set(pathCandles(PRICES).time[i] + RIG_TF_MS);
      return runner.tick();
    };
    await runner.boot();
    await tickAt(S);
    await tickAt(S + 1); // the exchange holds the position; the ledger cannot book it yet
    expect((await r.exchange.positions())[0].quantity).toBeGreaterThan(0);
    expect((await readPosition(store, 'late', RIG_SYMBOL)).quantity).toBe(0);
    expect(await ledger(store, 'late', ['entry'])).toEqual([['entry', 'market', 'partially_filled']]);

    late.listed = true;
    await tickAt(S + 2);
    const [held] = await r.exchange.positions();
    expect((await readPosition(store, 'late', RIG_SYMBOL)).quantity).toBe(held.quantity);
    expect(await ledger(store, 'late', ['entry'])).toEqual([['entry', 'market', 'filled']]);
    await tickAt(S + 3); // and the books agree from then on
    await runner.stop();
  });

  it('orders sent just before a restart still count against the order-rate rail', async () => {
    const { broker, restarted } = await restartedAfterEntry(store, 'rate', { ...OPEN_LIMITS, maxOrdersPerMinute: 1 });
    await restarted.tick();
    expect(broker.placed).toHaveLength(1);
    const [exit] = (await ordersOf(store, 'rate')).filter((o) => o.role === 'exit');
    expect(exit.status).toBe('rejected');
    expect(exit.reason).toContain('risk:order_rate');
    await restarted.stop();
  });

  it('a runner built before its bot changed mode refuses to boot and gives the lease back', async () => {
    const r = await rig('switched', { [S]: 'buy' });
    await setBotMode(store, 'switched', 'live', { actor: 'test', reason: 'promoted meanwhile' });
    await expect(r.runner.boot()).rejects.toThrow(
      "bot 'switched' changed its mode since this runner was started (now live): start it again",
    );
    expect(await readRuntime(store, 'switched')).toMatchObject({ leaseOwner: null });
    expect(r.broker.placed).toEqual([]);
  });

  it('a bot already past its daily loss halts before the bar’s orders go out', async () => {
    const r = await createRig(store, {
      name: 'spent',
      candles: pathCandles(PRICES),
      start: S,
      strategy: scriptedStrategy({ [S]: 'buy' }),
      limits: { ...OPEN_LIMITS, dailyLossLimit: 0.05 },
    });
    const closeOfS = pathCandles(PRICES).time[S] + RIG_TF_MS;
    // Earlier today the account stood at 20,000; it holds 10,000 now: down 50 %.
    await setDayStart(store, 'spent', utcDay(closeOfS), 20_000);
    await r.runner.boot();
    const error = await r.tickAt(S).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SafetyError);
    expect((error as SafetyError).exitCode).toBe(ExitCode.safety);
    expect((error as Error).message).toContain('daily loss breaker');
    expect(r.broker.placed).toEqual([]);
    expect(await ordersOf(store, 'spent')).toEqual([]);
    await r.runner.stop('halted');

    // A bot past its limit whose strategy exits on that bar still gets out, then halts.
    const out = await restartedAfterEntry(store, 'spent-exit', { ...OPEN_LIMITS, dailyLossLimit: 0.05 }, () =>
      setDayStart(store, 'spent-exit', utcDay(closeOfS), 20_000),
    );
    const { restarted } = out;
    await expect(restarted.tick()).rejects.toThrow('daily loss breaker');
    expect(out.broker.placed.map((p) => [p.request.side, p.request.reduceOnly ?? false])).toEqual([
      ['buy', false],
      ['sell', true],
    ]);
    expect(await out.exchange.positions()).toEqual([]);
    await restarted.stop('halted');
  });
});
