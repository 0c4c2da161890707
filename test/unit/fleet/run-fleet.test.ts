import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runFleetBots } from '../../../src/fleet/index.js';
import type { RunnerNotice } from '../../../src/runner/index.js';
import { eventsOf, readRuntime, registerBots, setBotMode } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

const SPEC = JSON.parse(readFileSync(new URL('../../../examples/specs/ema-cross.json', import.meta.url), 'utf8'));

const declaration = (name: string, spec: unknown) => ({
  name,
  spec,
  params: {},
  symbol: 'SBX-TREND',
  exchange: 'sandbox',
  timeframe: '1h',
  capital: 10_000,
  risk: {},
  config: {},
});

describe.each(BACKENDS)('runFleetBots on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('a bot that cannot be built fails alone: the bots sharing its process run', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    await registerBots(store, [declaration('broken', { ...SPEC, signals: undefined }), declaration('sound', SPEC)]);
    const notices: RunnerNotice[] = [];
    const controller = new AbortController();
    const outcomes = await runFleetBots({
      store,
      bots: [],
      mode: 'paper',
      speed: 3_600,
      owner: 'test',
      signal: controller.signal,
      onNotice: (notice) => {
        notices.push(notice);
        // Once the sound bot is trading, the run has shown what it needed to.
        if (notice.bot === 'sound' && notice.message === 'started') setTimeout(() => controller.abort(), 500);
      },
    });
    expect(outcomes).toEqual([
      { bot: 'broken', state: 'failed', reason: expect.stringContaining('bot broken') },
      { bot: 'sound', state: 'stopped' },
    ]);
    expect(notices.find((n) => n.bot === 'broken')).toMatchObject({ level: 'error' });
    const [failure] = await eventsOf(store, { bot: 'broken' });
    expect(failure).toMatchObject({ kind: 'start_failed', level: 'error' });
    expect((await eventsOf(store, { bot: 'sound' })).map((e) => e.kind)).toEqual(['started', 'stopped']);
    expect(await readRuntime(store, 'sound')).toMatchObject({ leaseOwner: null, status: 'stopped' });
    await store.close();
  }, 60_000);

  it('a named bot whose mode changed since the run was planned fails alone; asked for alone, it is refused', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    await registerBots(store, [declaration('moved', SPEC), declaration('stays', SPEC)]);
    await setBotMode(store, 'moved', 'live', { actor: 'test', reason: 'promoted while fleet up ran' });
    const controller = new AbortController();
    const outcomes = await runFleetBots({
      store,
      bots: ['moved', 'stays'],
      mode: 'paper',
      speed: 3_600,
      owner: 'test',
      signal: controller.signal,
      onNotice: (notice) => {
        if (notice.bot === 'stays' && notice.message === 'started') setTimeout(() => controller.abort(), 300);
      },
    });
    expect(outcomes).toEqual([
      { bot: 'moved', state: 'failed', reason: expect.stringContaining("bot 'moved' is live") },
      { bot: 'stays', state: 'stopped' },
    ]);
    await expect(
      runFleetBots({ store, bots: ['moved'], mode: 'paper', owner: 'test', signal: controller.signal }),
    ).rejects.toThrow("bot 'moved' is live: run it with --live, or fleet demote moved first");
    await store.close();
  }, 60_000);
});
