import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import { killBots, pauseBots, resumeBots } from '../../../src/fleet/index.js';
import { eventsOf, readFlags, registerBots, type Store, setFlags } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const audit = { actor: 'ann@desk', reason: 'testing' };

describe.each(BACKENDS)('pause, resume and kill on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await registerBots(store, [botDeclaration('alpha'), botDeclaration('beta')]);
  });
  afterAll(() => database?.cleanup());

  it('pauses and resumes one bot, recording who and why', async () => {
    expect(await pauseBots(store, { bot: 'alpha' }, audit)).toEqual({ bots: ['alpha'], global: false });
    expect((await readFlags(store, 'alpha')).paused).toBe(true);
    expect((await readFlags(store, 'beta')).paused).toBe(false);
    await resumeBots(store, { bot: 'alpha' }, audit);
    expect((await readFlags(store, 'alpha')).paused).toBe(false);
    const events = await eventsOf(store, { bot: 'alpha', kinds: ['paused', 'resumed'] });
    expect(events.map((e) => [e.kind, e.message])).toEqual([
      ['paused', 'alpha paused by ann@desk: testing'],
      ['resumed', 'alpha resumed by ann@desk: testing'],
    ]);
    expect(events[1].data).toMatchObject({ actor: 'ann@desk' });
  });

  it('resume clears the kill switch and a halt, one event each, ending with resumed', async () => {
    await killBots(store, { bot: 'beta' }, audit);
    await setFlags(store, 'beta', { halted: true, haltedReason: 'daily loss' }, { actor: 'runner' });
    expect(await readFlags(store, 'beta')).toMatchObject({ killSwitch: true, halted: true });
    const before = (await eventsOf(store, { bot: 'beta' })).at(-1)?.id ?? 0;
    await resumeBots(store, { bot: 'beta' }, audit);
    expect(await readFlags(store, 'beta')).toEqual({
      killSwitch: false,
      globalKillSwitch: false,
      paused: false,
      halted: false,
      haltedReason: null,
    });
    const events = await eventsOf(store, { bot: 'beta', afterId: before });
    expect(events.map((e) => e.kind)).toEqual(['unkilled', 'unhalted', 'resumed']);
    expect(events[1].message).toContain('(was: daily loss)');
  });

  it('--all pauses every bot; kill --all sets the global switch; resume --all clears everything', async () => {
    expect(await pauseBots(store, { all: true }, audit)).toEqual({ bots: ['alpha', 'beta'], global: false });
    expect(await killBots(store, { all: true }, audit)).toEqual({ bots: [], global: true });
    for (const bot of ['alpha', 'beta']) {
      expect(await readFlags(store, bot)).toMatchObject({ paused: true, globalKillSwitch: true, killSwitch: false });
    }
    const global = await eventsOf(store, { kinds: ['killed'] });
    expect(global.at(-1)).toMatchObject({
      bot: null,
      level: 'alert',
      message: 'global kill switch set by ann@desk: testing',
    });
    // Resuming one bot leaves the global switch alone, and says it still holds every bot.
    expect(await resumeBots(store, { bot: 'alpha' }, audit)).toEqual({
      bots: ['alpha'],
      global: false,
      globalKillSwitch: true,
    });
    expect(await readFlags(store, 'alpha')).toMatchObject({ paused: false, globalKillSwitch: true });
    expect(await resumeBots(store, { all: true }, audit)).toEqual({
      bots: ['alpha', 'beta'],
      global: true,
      globalKillSwitch: false,
    });
    for (const bot of ['alpha', 'beta']) {
      expect(await readFlags(store, bot)).toMatchObject({ paused: false, globalKillSwitch: false });
    }
    // Nothing global left to clear the second time.
    expect((await resumeBots(store, { all: true }, audit)).global).toBe(false);
  });

  it('refuses an unknown bot with the closest name, and changes nothing', async () => {
    await expect(pauseBots(store, { bot: 'alpah' }, audit)).rejects.toThrow(UsageError);
    await expect(killBots(store, { bot: 'alpah' }, audit)).rejects.toThrow(
      "unknown bot 'alpah'; did you mean 'alpha'?",
    );
    expect((await readFlags(store, 'alpha')).killSwitch).toBe(false);
  });
});
