import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import {
  eventsOf,
  getBot,
  listBots,
  listFlags,
  readFlags,
  readRuntime,
  registerBots,
  type Store,
  setBotMode,
  setBotStatus,
  setFlags,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

describe.each(BACKENDS)('bots and flags on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('registers new bots in paper mode with clear flags and cash = capital, and upserts existing ones', async () => {
    const alpha = botDeclaration('alpha', { capital: 1234.56 });
    expect(await registerBots(store, [alpha, botDeclaration('beta')])).toEqual({
      created: ['alpha', 'beta'],
      updated: [],
    });
    const stored = await getBot(store, 'alpha');
    expect(stored).toMatchObject({ ...alpha, mode: 'paper', status: 'stopped' });
    expect(stored?.modeSince).toBeInstanceOf(Date);
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect((await readRuntime(store, 'alpha'))?.cash).toBe(1234.56);
    expect(await readFlags(store, 'alpha')).toEqual({
      killSwitch: false,
      globalKillSwitch: false,
      paused: false,
      halted: false,
      haltedReason: null,
    });

    await setBotMode(store, 'alpha', 'live', { actor: 'tester', reason: 'gate passed' });
    await setFlags(store, 'alpha', { paused: true }, { actor: 'tester' });
    const changed = { ...alpha, capital: 999, params: { fast: 10, slow: 26, kind: 'ema', trail: true } };
    expect(await registerBots(store, [changed, botDeclaration('beta'), botDeclaration('gamma')])).toEqual({
      created: ['gamma'],
      updated: ['alpha'],
    });
    const after = await getBot(store, 'alpha');
    expect(after).toMatchObject({ ...changed, mode: 'live' });
    expect(after?.modeSince).toEqual((await getBot(store, 'alpha'))?.modeSince);
    // The runtime (cash) and the flags are the bot's own, not the declaration's.
    expect((await readRuntime(store, 'alpha'))?.cash).toBe(1234.56);
    expect((await readFlags(store, 'alpha')).paused).toBe(true);
    expect((await listBots(store)).map((bot) => [bot.name, bot.mode])).toEqual([
      ['alpha', 'live'],
      ['beta', 'paper'],
      ['gamma', 'paper'],
    ]);
    expect(await getBot(store, 'nobody')).toBeUndefined();
  });

  it('changes mode with an audit event, and status in both tables', async () => {
    await registerBots(store, [botDeclaration('moder')]);
    const before = await getBot(store, 'moder');
    await setBotMode(store, 'moder', 'live', { actor: 'cli', reason: 'promote' });
    const live = await getBot(store, 'moder');
    expect(live?.mode).toBe('live');
    expect(live!.modeSince.getTime()).toBeGreaterThanOrEqual(before!.modeSince.getTime());
    await setBotMode(store, 'moder', 'live', { actor: 'cli', reason: 'again' });
    await setBotMode(store, 'moder', 'paper', { actor: 'risk', reason: 'drawdown' });
    const events = await eventsOf(store, { bot: 'moder' });
    expect(events.map((event) => [event.kind, event.level, event.data])).toEqual([
      ['promoted', 'alert', { actor: 'cli', reason: 'promote', from: 'paper', to: 'live' }],
      ['demoted', 'alert', { actor: 'risk', reason: 'drawdown', from: 'live', to: 'paper' }],
    ]);
    await expect(setBotMode(store, 'modr', 'live', { actor: 'x', reason: 'y' })).rejects.toThrow(
      "unknown bot 'modr'; did you mean 'moder'?",
    );

    await setBotStatus(store, 'moder', 'running');
    expect((await getBot(store, 'moder'))?.status).toBe('running');
    expect((await readRuntime(store, 'moder'))?.status).toBe('running');
    await expect(setBotStatus(store, 'ghost', 'running')).rejects.toBeInstanceOf(UsageError);
  });

  it('round-trips flags, the global kill switch included, each change audited', async () => {
    await registerBots(store, [botDeclaration('flagged'), botDeclaration('other')]);
    const start = (await eventsOf(store, { limit: 1 }))[0]?.id ?? 0;
    await setFlags(store, 'flagged', { halted: true, haltedReason: 'daily loss' }, { actor: 'risk' });
    expect(await readFlags(store, 'flagged')).toMatchObject({ halted: true, haltedReason: 'daily loss' });
    await setFlags(store, 'flagged', { killSwitch: true }, { actor: 'cli', message: 'kill it' });
    await setFlags(store, null, { killSwitch: true }, { actor: 'cli' });
    expect(await readFlags(store, 'flagged')).toEqual({
      killSwitch: true,
      globalKillSwitch: true,
      paused: false,
      halted: true,
      haltedReason: 'daily loss',
    });
    expect(await readFlags(store, 'other')).toMatchObject({ killSwitch: false, globalKillSwitch: true });
    // A bot without a flags row reads as clear (with the global switch).
    expect(await readFlags(store, 'not-registered')).toEqual({
      killSwitch: false,
      globalKillSwitch: true,
      paused: false,
      halted: false,
      haltedReason: null,
    });
    const all = await listFlags(store);
    expect(all.get('flagged')).toMatchObject({ killSwitch: true, halted: true, globalKillSwitch: true });
    expect(all.get('other')).toMatchObject({ killSwitch: false, globalKillSwitch: true });

    await setFlags(store, null, { killSwitch: false }, { actor: 'cli' });
    await setFlags(store, 'flagged', { halted: false, killSwitch: false }, { actor: 'cli' });
    await setFlags(store, 'flagged', { paused: true }, { actor: 'cli' });
    await setFlags(store, 'flagged', { paused: false }, { actor: 'cli' });
    expect(await readFlags(store, 'flagged')).toEqual({
      killSwitch: false,
      globalKillSwitch: false,
      paused: false,
      halted: false,
      haltedReason: null,
    });
    const audit = await eventsOf(store, { afterId: start });
    expect(audit.map((event) => [event.bot, event.kind, event.level])).toEqual([
      ['flagged', 'halted', 'alert'],
      ['flagged', 'killed', 'alert'],
      [null, 'killed', 'alert'],
      [null, 'unkilled', 'info'],
      ['flagged', 'unkilled', 'info'],
      ['flagged', 'paused', 'info'],
      ['flagged', 'resumed', 'info'],
    ]);
    expect(audit[0].data).toEqual({ actor: 'risk', halted: true, haltedReason: 'daily loss' });
    expect(audit[1].message).toBe('kill it');
  });

  it('refuses flags of an unknown bot, naming it, and pausing through the global row', async () => {
    await expect(setFlags(store, 'ghost', { paused: true }, { actor: 'cli' })).rejects.toThrow(
      new UsageError("unknown bot 'ghost'"),
    );
    await expect(setFlags(store, null, { paused: true }, { actor: 'cli' })).rejects.toBeInstanceOf(UsageError);
    expect(await eventsOf(store, { kinds: ['paused'], bot: 'ghost' })).toEqual([]);
  });
});
