import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botLogs, followLogs } from '../../../src/fleet/index.js';
import { recordEvent, registerBots, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

describe.each(BACKENDS)('fleet logs on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await registerBots(store, [botDeclaration('alpha'), botDeclaration('beta')]);
    const levels = ['debug', 'info', 'warn', 'error', 'alert'] as const;
    for (const [i, level] of levels.entries()) {
      await recordEvent(store, {
        bot: 'alpha',
        level,
        kind: `k${i}`,
        message: `m${i}`,
        time: new Date(Date.UTC(2026, 10, 1 + i)),
      });
    }
    await recordEvent(store, { bot: 'beta', level: 'info', kind: 'other', message: 'not alpha' });
  });
  afterAll(() => database?.cleanup());

  it('reads a bot’s events oldest first, by time, count and least level', async () => {
    expect((await botLogs(store, 'alpha')).map((e) => e.kind)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect((await botLogs(store, 'alpha', { limit: 2 })).map((e) => e.kind)).toEqual(['k3', 'k4']);
    expect((await botLogs(store, 'alpha', { since: new Date(Date.UTC(2026, 10, 3)) })).map((e) => e.kind)).toEqual([
      'k2',
      'k3',
      'k4',
    ]);
    expect((await botLogs(store, 'alpha', { level: 'error' })).map((e) => e.level)).toEqual(['error', 'alert']);
    await expect(botLogs(store, 'alpa')).rejects.toThrow("unknown bot 'alpa'; did you mean 'alpha'?");
  });

  it('follows new events by id until aborted', async () => {
    const last = (await botLogs(store, 'alpha')).at(-1)?.id ?? 0;
    const stop = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const batch of followLogs(store, 'alpha', {
        afterId: last,
        intervalMs: 20,
        signal: stop.signal,
        level: 'info',
      })) {
        seen.push(...batch.map((e) => e.message));
        if (seen.length >= 2) stop.abort();
      }
    })();
    await recordEvent(store, { bot: 'alpha', level: 'debug', kind: 'tick', message: 'hidden' });
    await recordEvent(store, { bot: 'beta', level: 'info', kind: 'tick', message: 'other bot' });
    await recordEvent(store, { bot: 'alpha', level: 'info', kind: 'tick', message: 'one' });
    await recordEvent(store, { bot: 'alpha', level: 'warn', kind: 'tick', message: 'two' });
    await following;
    expect(seen).toEqual(['one', 'two']);
  });
});
