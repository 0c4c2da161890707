import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimOutbox,
  enqueueEvents,
  markFailed,
  markSent,
  outboxStatus,
  recordEvent,
  type Store,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

describe.each(BACKENDS)('notification outbox on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('fans events out once per channel with filters, starting at the end of the log', async () => {
    await recordEvent(store, { bot: null, level: 'error', kind: 'old', message: 'before the channel existed' });
    expect(await enqueueEvents(store, 'hooks', { levels: ['error', 'alert'] })).toBe(0);
    expect(await enqueueEvents(store, 'rejections', { kinds: ['rejected'] })).toBe(0);
    await recordEvent(store, { bot: null, level: 'info', kind: 'started', message: 'up' });
    const alert = await recordEvent(store, { bot: null, level: 'alert', kind: 'halted', message: 'loss' });
    const rejected = await recordEvent(store, { bot: null, level: 'warn', kind: 'rejected', message: 'no funds' });
    expect(await enqueueEvents(store, 'hooks', { levels: ['error', 'alert'] })).toBe(1);
    expect(await enqueueEvents(store, 'hooks', { levels: ['error', 'alert'] })).toBe(0);
    expect(await enqueueEvents(store, 'rejections', { kinds: ['rejected'] })).toBe(1);
    const hooks = await claimOutbox(store, 'hooks', 10, 60_000);
    expect(hooks.map((row) => [row.key, row.kind, row.attempts])).toEqual([[`hooks:${alert}`, 'halted', 1]]);
    // Claimed rows are not claimable again until their claim expires.
    expect(await claimOutbox(store, 'hooks', 10, 60_000)).toEqual([]);
    const rejections = await claimOutbox(store, 'rejections', 10, 60_000);
    expect(rejections.map((row) => row.key)).toEqual([`rejections:${rejected}`]);
    await markSent(store, [hooks[0]?.id ?? 0]);
    await markFailed(store, [rejections[0]?.id ?? 0], 'HTTP 500', 0);
    const again = await claimOutbox(store, 'rejections', 10, 60_000);
    expect(again.map((row) => [row.key, row.attempts])).toEqual([[`rejections:${rejected}`, 2]]);
    await markFailed(store, [again[0]?.id ?? 0], 'HTTP 503', 60_000);
    expect(await claimOutbox(store, 'rejections', 10, 60_000)).toEqual([]);
    expect(await outboxStatus(store)).toEqual([
      { channel: 'hooks', pending: 0, sent: 1, failures: [] },
      {
        channel: 'rejections',
        pending: 1,
        sent: 0,
        failures: [{ key: `rejections:${rejected}`, attempts: 2, error: 'HTTP 503' }],
      },
    ]);
  });

  it('frees a claim that expires (a notifier killed mid-send)', async () => {
    await enqueueEvents(store, 'lease');
    const id = await recordEvent(store, { bot: null, level: 'info', kind: 'filled', message: 'bought' });
    await enqueueEvents(store, 'lease');
    expect((await claimOutbox(store, 'lease', 10, 0)).map((row) => row.key)).toEqual([`lease:${id}`]);
    expect((await claimOutbox(store, 'lease', 10, 60_000)).map((row) => [row.key, row.attempts])).toEqual([
      [`lease:${id}`, 2],
    ]);
  });
});
