import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FencedOutError, SafetyError } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { eventsOf, readFlags, type Store, StoreSandboxLedger } from '../../../src/store/index.js';
import { botSnapshot } from '../../helpers/bot-snapshot.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { createRig, RIG_SYMBOL, type Rig, rigExchange, rigRunner } from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

/**
 * The world changing under a running bot: its sandbox account's books edited in the database
 * (cash added, a foreign order inserted, an acknowledged order removed or cancelled), and its lease
 * taken over while it was paused right before a write. Each must stop the bot with the true reason,
 * and a runner that lost its lease must write nothing at all.
 */

const START = 100;
const candles = generateSandboxCandles({ symbol: RIG_SYMBOL, timeframe: '1m', bars: 200, seed: 7 });
const RISK = { stopLoss: 0.5, takeProfit: 0.5, positionSize: 0.5 };

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.each(BACKENDS)('changes under a running bot on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  /** A rig that bought on START and rests a stop and a take-profit at the exchange. */
  async function protectedRig(name: string): Promise<Rig> {
    // Buys on the first traded bar; a stop and a take-profit far away then rest at the exchange.
    const rig = await createRig(store, {
      name,
      candles,
      start: START,
      strategy: scriptedStrategy({ [START]: 'buy' }, RISK),
      ledger: new StoreSandboxLedger(store),
    });
    await rig.runner.boot();
    await rig.tickAt(START);
    await rig.tickAt(START + 1);
    const open = await rig.exchange.openOrders(RIG_SYMBOL);
    expect(open.map((order) => order.type).sort()).toEqual(['limit', 'stop']);
    return rig;
  }

  it('cash added to the sandbox account halts the bot at its next reconciliation, and is not overwritten', async () => {
    const rig = await protectedRig('cash-added');
    const added = await store.db
      .updateTable('sandbox_accounts')
      .set({ state: sql`jsonb_set(state, '{cash}', to_jsonb((state->>'cash')::numeric + 4200))` })
      .where('account', '=', 'cash-added')
      .returning(sql<number>`(state->>'cash')::float8`.as('cash'))
      .executeTakeFirstOrThrow();
    const error = await outcome(rig.tickAt(START + 2));
    expect(error).toBeInstanceOf(SafetyError);
    const flags = await readFlags(store, 'cash-added');
    expect(flags.haltedReason).toMatch(/reconciliation mismatch on tick: cash: ledger [\d.]+, broker [\d.]+/);
    const account = await new StoreSandboxLedger(store).loadAccount('cash-added');
    expect(account?.cash).toBe(added.cash);
  });

  it('a foreign open order inserted into the sandbox books halts the bot before it sends another order', async () => {
    const rig = await protectedRig('foreign');
    const [resting] = await new StoreSandboxLedger(store).openOrders('foreign');
    const foreign = {
      ...resting,
      clientOrderId: 'someone-else',
      side: 'buy',
      type: 'limit',
      price: 1,
      reduceOnly: false,
    };
    await store.db
      .insertInto('sandbox_orders')
      .values({
        account: 'foreign',
        client_order_id: 'someone-else',
        status: 'open',
        placed_at: foreign.placedAt,
        data: JSON.stringify(foreign),
      })
      .execute();
    const placed = rig.broker.placed.length;
    const error = await outcome(rig.tickAt(START + 2));
    expect(error).toBeInstanceOf(SafetyError);
    expect((await readFlags(store, 'foreign')).haltedReason).toContain(
      'broker has an open buy limit order someone-else',
    );
    expect(rig.broker.placed.length).toBe(placed);
  });

  it('an acknowledged take-profit removed from the exchange halts the bot with that reason, replacing nothing', async () => {
    const rig = await protectedRig('vanished');
    await store.db
      .deleteFrom('sandbox_orders')
      .where('account', '=', 'vanished')
      .where(sql<boolean>`data->>'type' = 'limit'`)
      .execute();
    const placed = rig.broker.placed.length;
    // The reconciliation of the next tick reads the books afresh; the one after sees the order gone.
    const first = await outcome(rig.tickAt(START + 2));
    const error = first ?? (await outcome(rig.tickAt(START + 3)));
    expect(error).toBeInstanceOf(SafetyError);
    const reason = (await readFlags(store, 'vanished')).haltedReason ?? '';
    expect(reason).toMatch(
      /reconciliation mismatch: order \S+ \(take_profit sell [\d.e-]+ SBX-TREND, open at the broker\) vanished from replay without a fill or a cancel of the bot's/,
    );
    expect(reason).not.toContain('never received');
    expect(rig.broker.placed.length).toBe(placed);
    const cancelled = await eventsOf(store, { bot: 'vanished', kinds: ['order_cancelled'] });
    expect(cancelled).toEqual([]);
    const details = await eventsOf(store, { bot: 'vanished', kinds: ['halt_details'] });
    expect(details.at(-1)?.data).toMatchObject({ mismatches: [{ kind: 'vanished_order' }] });
    expect((await eventsOf(store, { bot: 'vanished', kinds: ['halted'], levels: ['alert'] })).length).toBe(1);
  });

  it('an acknowledged order cancelled at the exchange without the bot asking halts it', async () => {
    const rig = await protectedRig('cancelled-behind');
    await store.db
      .updateTable('sandbox_orders')
      .set({ status: 'cancelled', data: sql`jsonb_set(data, '{status}', '"cancelled"')` })
      .where('account', '=', 'cancelled-behind')
      .where(sql<boolean>`data->>'type' = 'stop'`)
      .execute();
    const first = await outcome(rig.tickAt(START + 2));
    const error = first ?? (await outcome(rig.tickAt(START + 3)));
    expect(error).toBeInstanceOf(SafetyError);
    expect((await readFlags(store, 'cancelled-behind')).haltedReason).toContain(
      'was cancelled at replay though the bot never asked to cancel it',
    );
  });

  it('a runner paused right before a write, whose lease was taken over meanwhile, writes nothing', async () => {
    // Pauses: before its order reaches the exchange, and before a fill is recorded (the exchange
    // filled a resting order on the bar the paused runner looks at).
    for (const pause of ['place', 'sync'] as const) {
      const name = `paused-${pause}`;
      let takeOver: (() => Promise<void>) | undefined;
      const rig = await createRig(store, {
        name,
        candles,
        start: START,
        strategy: scriptedStrategy({ [START]: 'buy', [START + 3]: 'sell' }, RISK),
        ledger: new StoreSandboxLedger(store),
        onPlace: async () => {
          if (pause === 'place' && takeOver !== undefined) await takeOver();
        },
      });
      await rig.runner.boot();
      await rig.tickAt(START);
      await rig.tickAt(START + 1);
      // Runner B: the same bot, its own exchange object over the same books.
      const other = rigExchange({ name, candles, start: START, ledger: new StoreSandboxLedger(store) });
      const b = rigRunner(store, rig.bot, {
        clock: other.clock,
        broker: other.exchange,
        feed: other.exchange,
        strategy: scriptedStrategy({}, RISK),
        start: START,
      });
      let snap: unknown;
      takeOver = async () => {
        takeOver = undefined;
        other.clock.set(rig.clock.now());
        await store.db
          .updateTable('bot_runtime')
          .set({ lease_expires_at: new Date(0) })
          .where('bot', '=', name)
          .execute();
        await b.boot();
        await b.stop();
        snap = await botSnapshot(store, name);
      };
      if (pause === 'sync') await takeOver();
      // A goes on where it was paused: the exit on bar START + 3, or a tick after the takeover.
      const error = await outcome(rig.tickAt(START + 3));
      expect(error, pause).toBeInstanceOf(FencedOutError);
      expect(await botSnapshot(store, name), pause).toEqual(snap);
      expect((await readFlags(store, name)).halted).toBe(false);
      const takenOver = await eventsOf(store, { bot: name, kinds: ['lease_taken_over'] });
      expect(takenOver.length, pause).toBe(1);
    }
  });
});
