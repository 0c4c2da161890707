import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOrderId } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { findOrder, insertOrder, readRuntime, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { createRig, RIG_SYMBOL } from '../../helpers/runner-rig.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

/**
 * A runner killed between persisting a bar's order and sending it, and restarted only after more
 * bars closed: the catch-up trades on the newest bar alone, so the order of the skipped bar must be
 * closed in that same tick, never left `new` behind a bar already done.
 */

const START = 50;
const candles = generateSandboxCandles({ symbol: RIG_SYMBOL, timeframe: '1m', bars: 120, seed: 3 });

describe.each(BACKENDS)('an unsent order of a bar skipped by a catch-up on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('is closed as never received in the tick that skips its bar, and never sent', async () => {
    const rig = await createRig(store, { name: 'skipped', candles, start: START, strategy: scriptedStrategy({}) });
    await rig.runner.boot();
    // What a runner killed right after persisting the entry of bar START leaves behind.
    const id = clientOrderId('skipped', candles.time[START], 1);
    await insertOrder(store, {
      bot: 'skipped',
      clientOrderId: id,
      symbol: RIG_SYMBOL,
      side: 'buy',
      type: 'market',
      quantity: 1,
      reduceOnly: false,
      role: 'entry',
      barTime: candles.time[START],
      mode: 'paper',
    });
    const report = await rig.tickAt(START + 3);
    expect(report).toMatchObject({ bars: 4, barTime: candles.time[START + 3] });
    expect((await readRuntime(store, 'skipped'))?.lastBarTime).toBe(candles.time[START + 3]);
    const order = await findOrder(store, id);
    expect(order).toMatchObject({ status: 'cancelled', reason: expect.stringContaining('never received') });
    expect(rig.broker.placed).toEqual([]);
    await rig.runner.stop();
  });
});
