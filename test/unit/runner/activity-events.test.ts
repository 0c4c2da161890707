import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SafetyError } from '../../../src/core/index.js';
import { ACTIVITY_KINDS, type ActivityEvent } from '../../../src/runner/index.js';
import { type EventRecord, eventsOf, fillsOf, ordersOf, type Store, setFlags } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { createRig, OPEN_LIMITS, pathCandles, RIG_SYMBOL } from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

/**
 * Every order and fill the runner handles is an event in the bot's log (what `fleet logs` shows),
 * with a stable kind and the numbers, and the runner tells its listener of the same events.
 */

const S = 5;
/** Warm-up at 100, a flat walk, then a 30% fall at bar S + 4 (the breaker's test). */
const PRICES = Array.from({ length: S + 8 }, (_, i) => (i >= S + 4 ? 70 : 100 + (i % 2)));

const activity = (events: readonly EventRecord[]) =>
  events.filter((event) => (ACTIVITY_KINDS as readonly string[]).includes(event.kind));

describe.each(BACKENDS)('order and fill events of the runner on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  }, 60_000);
  afterAll(() => database?.cleanup());

  it('logs each placement, fill, cancel and rail refusal once, with the numbers, and tells the listener', async () => {
    const r = await createRig(store, {
      name: 'busy',
      candles: pathCandles(PRICES),
      start: S,
      strategy: scriptedStrategy({ [S]: 'buy', [S + 2]: 'sell' }, { stopLoss: 0.2, takeProfit: 0.2 }),
    });
    const heard: ActivityEvent[] = [];
    r.runner.onActivity((event) => heard.push(event));
    await r.runner.boot();
    await r.tickAt(S);
    await r.tickAt(S + 1); // the stop and the target rest: nothing changes, nothing is logged
    let log = activity(await eventsOf(store, { bot: 'busy' }));
    expect(log.map((e) => [e.kind, (e.data as { role: string }).role])).toEqual([
      ['fill', 'entry'],
      ['order_filled', 'entry'],
      ['order_placed', 'stop'],
      ['order_placed', 'take_profit'],
    ]);
    const [fill] = await fillsOf(store, 'busy');
    expect(log[0].data).toMatchObject({
      clientOrderId: fill.clientOrderId,
      symbol: RIG_SYMBOL,
      side: 'buy',
      quantity: fill.quantity,
      price: fill.price,
      fee: fill.fee,
      position: fill.quantity,
    });
    expect(log[0].message).toContain('bought');
    expect(log[1].data).toMatchObject({ status: 'filled', filledQuantity: fill.quantity, averagePrice: fill.price });
    expect(log[2].data).toMatchObject({ type: 'stop', side: 'sell', status: 'open', quantity: fill.quantity });

    // The kill switch cancels the resting pair and refuses the signal's exit.
    await setFlags(store, 'busy', { killSwitch: true }, { actor: 'test' });
    await r.tickAt(S + 2);
    log = activity(await eventsOf(store, { bot: 'busy' }));
    const later = log.slice(4);
    expect(later.map((e) => [e.kind, (e.data as { role: string }).role])).toEqual([
      ['order_cancelled', 'stop'],
      ['order_cancelled', 'take_profit'],
      ['risk_rejected', 'exit'],
    ]);
    expect(later[0].data).toMatchObject({ status: 'cancelled', reason: 'kill switch' });
    expect(later[2].level).toBe('alert');
    expect(later[2].data).toMatchObject({ rail: 'kill_switch', side: 'sell', quantity: fill.quantity });
    expect((later[2].data as { reason: string }).reason).toMatch(/kill switch/);
    expect(later[2].message).toMatch(/^refused exit sell .* by the kill_switch rail/);

    // What the listener heard is what the log holds, in the same order.
    expect(heard.map((e) => [e.kind, e.message])).toEqual(log.map((e) => [e.kind, e.message]));
    // One order event per change of the ledger row: the orders' final states match the log.
    const orders = await ordersOf(store, 'busy');
    expect(orders.map((o) => o.status)).toEqual(['filled', 'cancelled', 'cancelled', 'rejected']);
    await r.runner.stop();
  });

  it('a daily-loss halt is logged with its reason beside the fills that led to it', async () => {
    const r = await createRig(store, {
      name: 'falling',
      candles: pathCandles(PRICES),
      start: S,
      strategy: scriptedStrategy({ [S]: 'buy' }),
      limits: { ...OPEN_LIMITS, dailyLossLimit: 0.05 },
    });
    await r.runner.boot();
    await r.tickAt(S);
    await expect(r.tickAt(S + 4)).rejects.toBeInstanceOf(SafetyError);
    const kinds = (await eventsOf(store, { bot: 'falling' })).map((e) => e.kind);
    expect(kinds).toEqual(['started', 'fill', 'order_filled', 'caught_up', 'halted', 'halt_details']);
    const [halted] = await eventsOf(store, { bot: 'falling', kinds: ['halted'] });
    expect(halted.level).toBe('alert');
    expect(halted.message).toMatch(/daily loss/);
    await r.runner.stop('halted');
  });
});
