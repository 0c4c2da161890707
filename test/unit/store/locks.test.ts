import { afterEach, describe, expect, it } from 'vitest';
import { claimNext, lockSession, type Store, withLock } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(BACKENDS)('withLock and claimNext on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  // Two stores: on a server two pools; on embedded an owner and a client of it.
  async function twoStores(): Promise<[Store, Store]> {
    database = await createTestDatabase(backend);
    const a = await database.open();
    const b = await database.open({ migrated: false });
    if (backend === 'embedded') expect([a.role, b.role]).toEqual(['owner', 'client']);
    return [a, b];
  }

  it('lets one holder at a time run under a key, and holders of other keys freely', async () => {
    const [a, b] = await twoStores();
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const work = (store: Store, name: string) =>
      withLock(store, 'job', async () => {
        inside++;
        most = Math.max(most, inside);
        order.push(`${name}+`);
        await pause();
        await store.db.selectFrom('bots').select('name').execute();
        order.push(`${name}-`);
        inside--;
        return name;
      });
    const results = await Promise.all([work(a, 'a1'), work(b, 'b1'), work(a, 'a2'), work(b, 'b2')]);
    expect(results).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(most).toBe(1);
    for (let i = 0; i < order.length; i += 2) expect(order[i]?.slice(0, -1)).toBe(order[i + 1]?.slice(0, -1));
    // A different key is not blocked by a held one.
    const other = await withLock(a, 'job', () => withLock(b, 'other', async () => 'both'));
    expect(other).toBe('both');
  });

  it('a lock session closed is free at once for another holder, every time', async () => {
    const [a, b] = await twoStores();
    for (let i = 0; i < 10; i++) {
      const first = lockSession(a);
      expect(await first.tryHold('notify:hook')).toBe(true);
      await first.close();
      const next = lockSession(b);
      expect(await next.tryHold('notify:hook'), `round ${i}`).toBe(true);
      await next.close();
    }
  });

  it('releases the lock when the work throws', async () => {
    const [a, b] = await twoStores();
    await expect(withLock(a, 'k', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await withLock(b, 'k', async () => 'free')).toBe('free');
  });

  it('claims every row exactly once across concurrent claimers', async () => {
    const [a, b] = await twoStores();
    const rows = Array.from({ length: 20 }, (_, i) => ({
      channel: 'test',
      key: `test:${i}`,
      event_id: i,
      payload: JSON.stringify({ i }),
    }));
    await a.db.insertInto('notifications').values(rows).execute();
    const claimed: number[] = [];
    const worker = async (store: Store) => {
      for (;;) {
        const row = await claimNext(store, {
          table: 'notifications',
          where: { sent_at: null, last_error: null },
          set: { last_error: 'claimed', attempts: 1 },
        });
        if (row === undefined) return;
        expect(row.last_error).toBe('claimed');
        claimed.push(row.id);
      }
    };
    await Promise.all([worker(a), worker(b), worker(a), worker(b)]);
    expect(claimed.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await claimNext(a, { table: 'notifications', where: { last_error: null }, set: { attempts: 2 } })).toBe(
      undefined,
    );
  });
});
