import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.js';
import { loadBotDeclarations, readProjectConfig, syncBots } from '../../../src/fleet/index.js';
import { getBot, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { fleetProject, sandboxBot, writeConfig } from '../../helpers/fleet-project.js';
import { recordFill } from '../../helpers/ledger-fills.js';

const declare = async (config: Record<string, unknown>) => {
  const dir = fleetProject(config);
  return loadBotDeclarations(dir, await readProjectConfig(dir));
};

describe('bot declarations from fleet.config.json', () => {
  it('resolves timeframe, params, risk, seed and keeps the spec and the declaration', async () => {
    const [bot] = await declare({
      risk: { max_order_value: 500 },
      bots: [sandboxBot('a', { risk: { max_order_value: 100, daily_loss_limit: 0.02 } })],
    });
    expect(bot).toMatchObject({
      name: 'a',
      symbol: 'SBX-TREND',
      exchange: 'sandbox',
      timeframe: '1h',
      capital: 10_000,
      params: { fast: 10, slow: 30, stop_loss: 0.05, take_profit: 0.1 },
      risk: { max_order_value: 100, daily_loss_limit: 0.02 },
      config: { name: 'a', spec: 'strategies/ema-cross.json', seed: 0 },
    });
    expect((bot.spec as { name: string }).name).toBe('ema-cross');
  });

  it('takes explicit params over the defaults, else the optimised values for the symbol', async () => {
    const dir = fleetProject({
      bots: [
        sandboxBot('tuned'),
        sandboxBot('other', { symbol: 'SBX-WALK' }),
        sandboxBot('own', { params: { fast: 12 } }),
      ],
    });
    const file = join(dir, 'strategies', 'ema-cross.json');
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    spec.optimised = {
      'SBX-TREND': { params: { fast: 15, slow: 60, stop_loss: 0.03, take_profit: 0.2 }, metric: 'sharpe' },
    };
    writeFileSync(file, JSON.stringify(spec));
    const [tuned, other, own] = await loadBotDeclarations(dir, await readProjectConfig(dir));
    expect(tuned.params).toEqual({ fast: 15, slow: 60, stop_loss: 0.03, take_profit: 0.2 });
    expect(other.params).toEqual({ fast: 10, slow: 30, stop_loss: 0.05, take_profit: 0.1 });
    expect(own.params).toEqual({ fast: 12, slow: 30, stop_loss: 0.05, take_profit: 0.1 });
  });

  it.each([
    [sandboxBot('a', { spec: 'strategies/nope.json' }), /bots\.0\.spec \(bot 'a'\): .*nope\.json: no such file/],
    [sandboxBot('a', { params: { fast: 1000 } }), /bots\.0\.params \(bot 'a'\): parameter 'fast' must be in \[5, 50\]/],
    [sandboxBot('a', { params: { fats: 10 } }), /bots\.0\.params \(bot 'a'\): unknown parameter 'fats'/],
    [sandboxBot('a', { symbol: 'BTC/USDT' }), /bots\.0\.symbol \(bot 'a'\): 'BTC\/USDT' is not a sandbox instrument/],
  ])('refuses a bad bot in one line naming the file, the path and the bot (%#)', async (bot, expected) => {
    const error = await declare({ bots: [bot] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(expected);
    expect((error as Error).message).toContain('fleet.config.json: ');
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a spec that is not valid, naming the bot', async () => {
    const dir = fleetProject({ bots: [sandboxBot('a')] });
    writeFileSync(join(dir, 'strategies', 'ema-cross.json'), '{"name": "x"}');
    await expect(loadBotDeclarations(dir, await readProjectConfig(dir))).rejects.toThrow(/bots\.0\.spec \(bot 'a'\): /);
  });

  it('accepts a ccxt bot on any symbol', async () => {
    const [bot] = await declare({
      bots: [sandboxBot('live-one', { exchange: 'binance', symbol: 'BTC/USDT', seed: 3 })],
    });
    expect(bot).toMatchObject({ exchange: 'binance', symbol: 'BTC/USDT', config: { seed: 3 } });
  });
});

describe.each(BACKENDS)('syncBots on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('registers, updates, leaves alone, and reports bots the config no longer declares', async () => {
    const dir = fleetProject({ bots: [sandboxBot('a'), sandboxBot('b')] });
    expect(await syncBots(store, dir)).toEqual({ created: ['a', 'b'], updated: [], unchanged: [], undeclared: [] });
    expect(await getBot(store, 'a')).toMatchObject({ mode: 'paper', symbol: 'SBX-TREND', capital: 10_000 });
    writeConfig(dir, { bots: [sandboxBot('a', { capital: 500 })] });
    expect(await syncBots(store, dir)).toEqual({ created: [], updated: ['a'], unchanged: [], undeclared: ['b'] });
    expect((await getBot(store, 'a'))?.capital).toBe(500);
    expect(await syncBots(store, dir)).toEqual({ created: [], updated: [], unchanged: ['a'], undeclared: ['b'] });
  });

  it('refuses to move a bot that holds a position to another symbol, naming the file, and registers nothing', async () => {
    const dir = fleetProject({ bots: [sandboxBot('holder')] });
    await syncBots(store, dir);
    await recordFill(store, 'holder', { side: 'buy', quantity: 2, price: 100, time: new Date() });
    await store.db.updateTable('orders').set({ status: 'filled' }).where('bot', '=', 'holder').execute();
    writeConfig(dir, { bots: [sandboxBot('holder', { symbol: 'SBX-WALK' }), sandboxBot('later')] });
    const error = await syncBots(store, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${join(dir, 'fleet.config.json')}: bot 'holder' cannot change its symbol (SBX-TREND → SBX-WALK) while it holds 2 SBX-TREND: keep the old value until the bot is flat with no active orders and its runner is stopped, or declare a new bot`,
    );
    expect((await getBot(store, 'holder'))?.symbol).toBe('SBX-TREND');
    expect(await getBot(store, 'later')).toBeUndefined();

    // Flat again: the move goes through.
    await recordFill(store, 'holder', { side: 'sell', quantity: 2, price: 101, time: new Date() });
    await store.db.updateTable('orders').set({ status: 'filled' }).where('bot', '=', 'holder').execute();
    expect(await syncBots(store, dir)).toMatchObject({ created: ['later'], updated: ['holder'] });
    expect((await getBot(store, 'holder'))?.symbol).toBe('SBX-WALK');
  });
});
