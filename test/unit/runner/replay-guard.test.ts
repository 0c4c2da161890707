import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { replayBot } from '../../../src/runner/index.js';
import { loadSpec } from '../../../src/spec/index.js';
import { fillsOf, getBot, insertOrder, ordersOf, registerBots, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const checked = loadSpec(JSON.parse(readFileSync('examples/specs/donchian-breakout.json', 'utf8')));
const SYMBOL = 'SBX-CYCLE';
const candles = generateSandboxCandles({ symbol: SYMBOL, timeframe: checked.spec.timeframe, bars: 400, seed: 7 });
const replay = (store: Store, name: string) => replayBot({ store, name, checked, symbol: SYMBOL, candles, start: 100 });

/** An order of the bot's own, so a test can tell whether its history survived. */
const anOrder = (bot: string, clientOrderId: string) =>
  ({
    bot,
    clientOrderId,
    symbol: SYMBOL,
    side: 'buy',
    type: 'market',
    quantity: 1,
    reduceOnly: false,
    role: 'entry',
    barTime: 1_700_000_000_000,
    mode: 'paper',
  }) as const;

describe.each(BACKENDS)('the replay bot on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('is marked as a replay’s, and a second replay replaces the first', async () => {
    const first = await replay(store, 'replay-twice');
    expect(first.fills).toBeGreaterThan(0);
    expect((await getBot(store, 'replay-twice'))?.config).toEqual({ replay: true });
    const second = await replay(store, 'replay-twice');
    expect(second.trades).toEqual(first.trades);
    expect(await fillsOf(store, 'replay-twice')).toHaveLength(first.fills);
  });

  it('replaces a bot an earlier replay registered, history and all', async () => {
    await registerBots(store, [botDeclaration('replay-earlier', { config: { replay: true } })]);
    await insertOrder(store, anOrder('replay-earlier', 'earlier-1'));
    await replay(store, 'replay-earlier');
    expect((await ordersOf(store, 'replay-earlier')).map((o) => o.clientOrderId)).not.toContain('earlier-1');
  });

  it('refuses, deleting nothing, when a bot of that name is not a replay’s', async () => {
    const name = `replay-${checked.spec.name}-sbx-cycle`;
    await registerBots(store, [botDeclaration(name, { config: { strategy: 'specs/mine.json' } })]);
    await insertOrder(store, anOrder(name, 'mine-1'));
    const before = await getBot(store, name);
    const error = await replay(store, name).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `bot '${name}' exists and is not a replay's: fleet replay will not delete it (rename that bot)`,
    );
    expect(await getBot(store, name)).toEqual(before);
    expect((await ordersOf(store, name)).map((o) => o.clientOrderId)).toEqual(['mine-1']);
  });
});
