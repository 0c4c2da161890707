import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySandboxLedger, type SimExchange } from '../../../src/broker/index.js';
import type { BarFeed, OrderRequest } from '../../../src/core/index.js';
import { SafetyError } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../src/risk/index.js';
import {
  type BotFlags,
  eventsOf,
  findOrder,
  type LedgerOrder,
  ordersOf,
  readFlags,
  readRuntime,
  type Store,
  setFlags,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import {
  createRig,
  OPEN_LIMITS,
  pathCandles,
  RIG_COSTS,
  RIG_SYMBOL,
  RIG_T0,
  RIG_TF_MS,
  RIG_TIMEFRAME,
  type Rig,
  type RigOptions,
} from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

const S = 5;
/** Warm-up at 100, then a gentle walk; bar S + 12 drops hard (the daily-loss test trades into it). */
const PRICES: Array<number | [number, number]> = Array.from({ length: S + 20 }, (_, i) => 100 + (i % 3));

/** Risk-rejected events of a bot, by rail. */
async function rejectedRails(store: Store, bot: string): Promise<string[]> {
  const events = await eventsOf(store, { bot, kinds: ['risk_rejected'] });
  for (const event of events) expect(event.level).toBe('alert');
  return events.map((event) => (event.data as { rail: string }).rail);
}

async function onlyOrder(store: Store, bot: string): Promise<LedgerOrder> {
  const orders = await ordersOf(store, bot);
  expect(orders).toHaveLength(1);
  return orders[0];
}

describe.each(BACKENDS)('risk rails inside the runner on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  }, 60_000);
  afterAll(() => database?.cleanup());

  const rig = (
    name: string,
    script: Record<number, string>,
    extra: { limits?: RiskLimits; risk?: Parameters<typeof scriptedStrategy>[1]; feed?: RigOptions['feed'] } = {},
  ) =>
    createRig(store, {
      name,
      candles: pathCandles(PRICES),
      start: S,
      strategy: scriptedStrategy(script, extra.risk),
      limits: extra.limits,
      feed: extra.feed,
    });

  it('the bot’s kill switch stops every order, records an alert, and the bot keeps ticking', async () => {
    const r = await rig('killed', { [S]: 'buy', [S + 1]: 'buy', [S + 2]: 'buy' });
    await r.runner.boot();
    await setFlags(store, 'killed', { killSwitch: true }, { actor: 'test' });
    await r.tickAt(S);
    await r.tickAt(S + 1);
    expect(r.broker.placed).toEqual([]);
    expect(await r.exchange.positions()).toEqual([]);
    expect(await rejectedRails(store, 'killed')).toEqual(['kill_switch', 'kill_switch']);
    const orders = await ordersOf(store, 'killed');
    expect(orders.map((o) => [o.status, o.reason?.startsWith('risk:kill_switch')])).toEqual([
      ['rejected', true],
      ['rejected', true],
    ]);
    // Still alive: the bars were processed, and once the switch is off it trades again.
    expect((await readRuntime(store, 'killed'))?.lastBarTime).toBe(RIG_T0 + (S + 1) * RIG_TF_MS);
    await setFlags(store, 'killed', { killSwitch: false }, { actor: 'test' });
    await r.tickAt(S + 2);
    expect(r.broker.placed.map((p) => [p.request.side, p.report.status])).toEqual([['buy', 'filled']]);
    await r.runner.stop();
  });

  it('the global kill switch cancels resting orders and stops every order of every bot', async () => {
    // An entry with a stop and a target resting at the exchange, then the global switch.
    const r = await rig(
      'global',
      { [S]: 'buy', [S + 2]: 'sell', [S + 3]: 'cover' },
      { risk: { stopLoss: 0.2, takeProfit: 0.2 } },
    );
    await r.runner.boot();
    await r.tickAt(S);
    expect(r.broker.placed.map((p) => p.request.type)).toEqual(['market', 'stop', 'limit']);
    expect(await r.exchange.openOrders(RIG_SYMBOL)).toHaveLength(2);
    await setFlags(store, null, { killSwitch: true }, { actor: 'test' });
    try {
      expect((await readFlags(store, 'global')).globalKillSwitch).toBe(true);
      await r.tickAt(S + 1);
      // The protective orders were cancelled at the exchange (the switch stops everything).
      expect(await r.exchange.openOrders(RIG_SYMBOL)).toEqual([]);
      await r.tickAt(S + 2);
      await r.tickAt(S + 3);
      expect(r.broker.placed).toHaveLength(3);
      // Even the exit was refused: the kill switch means no orders at all.
      expect(await rejectedRails(store, 'global')).toEqual(['kill_switch']);
      const [exit] = (await ordersOf(store, 'global')).filter((o) => o.role === 'exit');
      expect(exit.status).toBe('rejected');
      expect(exit.reason).toContain('global kill switch');
    } finally {
      await setFlags(store, null, { killSwitch: false }, { actor: 'test' });
    }
    await r.runner.stop();
  });

  it('paused: a new entry is refused but an exit still goes out', async () => {
    const r = await rig('paused', { [S]: 'buy', [S + 2]: 'sell', [S + 3]: 'buy', [S + 4]: 'short' });
    await r.runner.boot();
    await r.tickAt(S);
    expect((await r.exchange.positions()).length).toBe(1);
    await setFlags(store, 'paused', { paused: true }, { actor: 'test' });
    await r.tickAt(S + 1);
    await r.tickAt(S + 2);
    expect(await r.exchange.positions()).toEqual([]);
    await r.tickAt(S + 3);
    await r.tickAt(S + 4);
    expect(r.broker.placed.map((p) => [p.request.side, p.request.reduceOnly])).toEqual([
      ['buy', false],
      ['sell', true],
    ]);
    expect(await rejectedRails(store, 'paused')).toEqual(['paused', 'paused']);
    expect(await r.exchange.positions()).toEqual([]);
    await r.runner.stop();
  });

  it('max_order_value and max_position_value cut an entry to fit, and it goes out', async () => {
    // Sized at the whole cash (10,000), cut to 1,000 of value at the price the rails judge it at.
    for (const [name, signal, limits] of [
      ['big-order', 'buy', { ...OPEN_LIMITS, maxOrderValue: 1_000 }],
      ['big-position', 'short', { ...OPEN_LIMITS, maxPositionValue: 1_000 }],
    ] as const) {
      const capped = await rig(name, { [S]: signal }, { limits });
      await capped.runner.boot();
      await capped.tickAt(S);
      expect(capped.broker.placed).toHaveLength(1);
      const order = await onlyOrder(store, name);
      expect(order.status).toBe('filled');
      const value = order.quantity * (order.averagePrice as number);
      expect(value).toBeLessThanOrEqual(1_000);
      expect(value).toBeGreaterThan(999.99);
      expect(await rejectedRails(store, name)).toEqual([]);
      await capped.runner.stop();
    }

    // A position size that fits under the caps is not cut.
    const fits = await rig(
      'fits',
      { [S]: 'buy' },
      {
        limits: { ...OPEN_LIMITS, maxOrderValue: 1_000, maxPositionValue: 1_000 },
        risk: { positionSize: 0.05 },
      },
    );
    await fits.runner.boot();
    await fits.tickAt(S);
    expect(fits.broker.placed).toHaveLength(1);
    const [placed] = fits.broker.placed;
    expect(placed.report.status).toBe('filled');
    expect(placed.request.quantity * (placed.report.averagePrice as number)).toBeLessThan(600);
    expect(await rejectedRails(store, 'fits')).toEqual([]);
    await fits.runner.stop();
  });

  it('the daily-loss breaker halts the bot, alerts, and nothing trades after', async () => {
    const prices = PRICES.slice();
    prices[S + 2] = [100, 90]; // bought at the open of S + 2, marked at its close: -10 %
    const r = await createRig(store, {
      name: 'bad-day',
      candles: pathCandles(prices),
      start: S,
      strategy: scriptedStrategy({ [S + 1]: 'buy', [S + 3]: 'sell', [S + 4]: 'buy' }),
      limits: DEFAULT_RISK_LIMITS,
    });
    await r.runner.boot();
    await r.tickAt(S);
    await r.tickAt(S + 1);
    expect(r.broker.placed).toHaveLength(1);
    const breaker = await r.tickAt(S + 2).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(breaker).toBeInstanceOf(SafetyError);
    const flags = await readFlags(store, 'bad-day');
    expect(flags.halted).toBe(true);
    expect(flags.haltedReason).toContain('daily loss breaker');
    expect(flags.haltedReason).toContain('daily_loss_limit 0.05');
    const alerts = await eventsOf(store, { bot: 'bad-day', levels: ['alert'] });
    expect(alerts.map((e) => e.kind)).toContain('halted');
    // Halted: the next tick refuses before deciding anything, and the exit is not sent either.
    await expect(r.tickAt(S + 3)).rejects.toBeInstanceOf(SafetyError);
    await expect(r.tickAt(S + 4)).rejects.toBeInstanceOf(SafetyError);
    expect(r.broker.placed).toHaveLength(1);
    await r.runner.stop('halted');
  });

  it('stale data: a feed lagging beyond stale_after_bars gets every order refused; a small lag does not', async () => {
    const lagging =
      (bars: number) =>
      (exchange: SimExchange): BarFeed => ({
        closedBars: (symbol, timeframe, from, now, limit) =>
          exchange.closedBars(symbol, timeframe, from, now - bars * RIG_TF_MS, limit),
      });
    // The strategy buys whenever it is flat, so every traded bar wants an order.
    const always = Object.fromEntries(Array.from({ length: PRICES.length }, (_, i) => [i, 'buy']));
    const limits = { ...OPEN_LIMITS, staleAfterBars: 2 };
    const stale = await rig('stale', always, { feed: lagging(3), limits });
    await stale.runner.boot();
    for (let i = S; i < S + 3; i++) await stale.tickAt(i);
    expect(stale.broker.placed).toEqual([]);
    const rails = await rejectedRails(store, 'stale');
    expect(rails.length).toBe(3);
    expect(new Set(rails)).toEqual(new Set(['stale_data']));
    await stale.runner.stop();

    const fresh = await rig('fresh', always, { feed: lagging(1), limits });
    await fresh.runner.boot();
    await fresh.tickAt(S);
    expect(fresh.broker.placed).toHaveLength(1);
    await fresh.runner.stop();
  });

  it('price collar: an expected fill further from the last trade than the collar is refused', async () => {
    // A market order's expected price is the last trade plus the slippage (5 bps = 0.0005).
    expect(RIG_COSTS.slippageBps).toBe(5);
    const tight = await rig('tight-collar', { [S]: 'buy' }, { limits: { ...OPEN_LIMITS, priceCollar: 0.0001 } });
    await tight.runner.boot();
    await tight.tickAt(S);
    expect(tight.broker.placed).toEqual([]);
    expect(await rejectedRails(store, 'tight-collar')).toEqual(['price_collar']);
    await tight.runner.stop();

    const loose = await rig('loose-collar', { [S]: 'buy' }, { limits: { ...OPEN_LIMITS, priceCollar: 0.001 } });
    await loose.runner.boot();
    await loose.tickAt(S);
    expect(loose.broker.placed).toHaveLength(1);
    await loose.runner.stop();
  });

  it('property: every order that reached the exchange passed every rail at the moment it was sent', async () => {
    const candles = generateSandboxCandles({ symbol: RIG_SYMBOL, timeframe: RIG_TIMEFRAME, bars: 60, seed: 11 });
    const start = 30;
    const bars = 14;
    const action = fc.constantFrom('buy', 'sell', 'short', 'cover', 'flip_short', 'flip_long', 'none');
    // Unbiased: fast-check would otherwise favour 0, turning every switch on.
    const often = (p: number) => fc.noBias(fc.integer({ min: 0, max: 99 })).map((x) => x < p * 100);
    const barFlags = fc.record({
      kill: often(0.15),
      global: often(0.1),
      paused: often(0.25),
    });
    const amount = fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: 100, max: 20_000 }));
    let run = 0;
    const seen = { placed: 0, refused: 0, halts: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxOrderValue: amount,
          maxPositionValue: amount,
          priceCollar: fc.constantFrom(0.0001, 0.001, 0.05),
          dailyLossLimit: fc.constantFrom(0.002, 0.01, 1),
          positionSize: fc.constantFrom(0.02, 0.1, 0.5, 1),
          protective: fc.boolean(),
          script: fc.array(action, { minLength: bars, maxLength: bars }),
          flags: fc.array(barFlags, { minLength: bars, maxLength: bars }),
        }),
        async (input) => {
          const name = `prop-${backend}-${run++}`;
          const limits: RiskLimits = {
            ...DEFAULT_RISK_LIMITS,
            maxOrderValue: input.maxOrderValue,
            maxPositionValue: input.maxPositionValue,
            priceCollar: input.priceCollar,
            dailyLossLimit: input.dailyLossLimit,
          };
          const script: Record<number, string> = {};
          input.script.forEach((a, i) => {
            if (a !== 'none') script[start + i] = a;
          });
          let exchange: SimExchange | undefined;
          const onPlace = async (request: OrderRequest) => ({
            flags: await readFlags(store, name),
            ledger: await findOrder(store, request.clientOrderId),
            position: (await exchange?.positions())?.find((p) => p.symbol === request.symbol)?.quantity ?? 0,
            last: await exchange?.lastPrice(request.symbol),
          });
          const r: Rig = await createRig(store, {
            name,
            candles,
            start,
            ledger: new MemorySandboxLedger(),
            strategy: scriptedStrategy(script, {
              positionSize: input.positionSize,
              ...(input.protective ? { stopLoss: 0.01, takeProfit: 0.01 } : {}),
            }),
            limits,
            onPlace,
          });
          exchange = r.exchange;
          await r.runner.boot();
          let halted = false;
          try {
            for (let i = 0; i < bars; i++) {
              const f = input.flags[i];
              await setFlags(store, name, { killSwitch: f.kill, paused: f.paused }, { actor: 'property' });
              await setFlags(store, null, { killSwitch: f.global }, { actor: 'property' });
              const placedBefore = r.broker.placed.length;
              const wasHalted = halted;
              try {
                await r.tickAt(start + i);
              } catch (error) {
                expect(error).toBeInstanceOf(SafetyError);
                if (!halted) seen.halts++;
                halted = true;
              }
              if (halted) expect((await readFlags(store, name)).halted).toBe(true);
              // Once halted, a tick sends nothing at all.
              if (wasHalted) expect(r.broker.placed.length).toBe(placedBefore);
            }
          } finally {
            await setFlags(store, null, { killSwitch: false }, { actor: 'property' });
            await r.runner.stop().catch(() => {});
          }
          for (const placed of r.broker.placed) {
            const context = placed.context as {
              flags: BotFlags;
              ledger: LedgerOrder | undefined;
              position: number;
              last: number;
            };
            const { request, report } = placed;
            // Brakes before engine: no order while any kill switch is on or the bot is halted.
            expect(context.flags.killSwitch).toBe(false);
            expect(context.flags.globalKillSwitch).toBe(false);
            expect(context.flags.halted).toBe(false);
            // Persisted before it was sent (principle 4).
            expect(context.ledger?.status).toBe('new');
            const entry = !request.reduceOnly;
            if (entry) {
              expect(context.flags.paused).toBe(false);
              if (report.status === 'filled') {
                const price = report.averagePrice as number;
                expect(request.quantity * price).toBeLessThanOrEqual(limits.maxOrderValue * (1 + 1e-9));
                const after = context.position + (request.side === 'buy' ? request.quantity : -request.quantity);
                expect(Math.abs(after) * price).toBeLessThanOrEqual(limits.maxPositionValue * (1 + 1e-9));
              }
            }
            if (request.type === 'market') {
              // A market order's expected price is the last trade with the slippage: within the collar.
              const expected = context.last * (1 + RIG_COSTS.slippageBps / 10_000);
              expect(Math.abs(expected - context.last) / context.last).toBeLessThanOrEqual(limits.priceCollar);
            }
          }
          // Every refusal is an event, never an exception: one risk_rejected alert per refused order.
          const refused = (await ordersOf(store, name)).filter((o) => o.reason?.startsWith('risk:'));
          seen.placed += r.broker.placed.length;
          seen.refused += refused.length;
          expect((await eventsOf(store, { bot: name, kinds: ['risk_rejected'] })).length).toBe(refused.length);
        },
      ),
      { numRuns: 25, seed: 20_240_102 },
    );
    // Not vacuous: orders went out, orders were refused, and the breaker tripped.
    expect(seen.placed).toBeGreaterThan(20);
    expect(seen.refused).toBeGreaterThan(20);
    expect(seen.halts).toBeGreaterThan(0);
  }, 240_000);
});
