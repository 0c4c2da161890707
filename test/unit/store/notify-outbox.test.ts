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
import { insertEvent } from '../../../src/store/trading/events.js';
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

  it('holds the cursor at a hole in the ids (a rolled-back event), queuing what is past it once', async () => {
    await enqueueEvents(store, 'holes');
    const before = await recordEvent(store, { bot: null, level: 'warn', kind: 'a', message: 'before' });
    await store.db
      .transaction()
      .execute(async (tx) => {
        await insertEvent(tx, { bot: null, level: 'warn', kind: 'gone', message: 'rolled back' });
        throw new Error('rollback');
      })
      .catch(() => {});
    const after = await recordEvent(store, { bot: null, level: 'warn', kind: 'b', message: 'after' });
    expect(await enqueueEvents(store, 'holes')).toBe(2);
    const cursor = async () =>
      Number(
        (
          await store.db
            .selectFrom('notify_cursors')
            .select('event_id')
            .where('channel', '=', 'holes')
            .executeTakeFirst()
        )?.event_id,
      );
    expect(await cursor()).toBe(before);
    // The next pass reads past the hole again and queues nothing twice.
    expect(await enqueueEvents(store, 'holes')).toBe(0);
    expect((await claimOutbox(store, 'holes', 10, 60_000)).map((row) => row.eventId)).toEqual([before, after]);
  });

  it.runIf(backend === 'server')('fans out an event whose transaction commits after a later one', async () => {
    await enqueueEvents(store, 'late');
    const other = await database.open();
    let commit = () => {};
    const gate = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let lateId = 0;
    const slow = other.db.transaction().execute(async (tx) => {
      lateId = await insertEvent(tx, { bot: null, level: 'warn', kind: 'late', message: 'committed last' });
      await gate;
    });
    while (lateId === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const early = await recordEvent(store, { bot: null, level: 'warn', kind: 'early', message: 'committed first' });
    expect(early).toBeGreaterThan(lateId);
    expect(await enqueueEvents(store, 'late')).toBe(1);
    commit();
    await slow;
    expect(await enqueueEvents(store, 'late')).toBe(1);
    expect((await claimOutbox(store, 'late', 10, 60_000)).map((row) => row.eventId).sort()).toEqual(
      [lateId, early].sort(),
    );
  });
});
