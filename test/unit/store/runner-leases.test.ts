import { hostname } from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireLease,
  alertStaleRunners,
  eventsOf,
  heartbeat,
  heldLeases,
  registerBots,
  releaseLease,
  type Store,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const STALE_MS = 30_000;
const me = (owner: string) => ({ owner, pid: process.pid, host: hostname(), ttlMs: 3_600_000 });
const age = (store: Store, bot: string, seconds: number) =>
  sql`UPDATE bot_runtime SET heartbeat_at = now() - ${seconds}::double precision * interval '1 second' WHERE bot = ${bot}`.execute(
    store.db,
  );

describe.each(BACKENDS)('held leases and stale heartbeats on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await registerBots(
      store,
      ['fresh', 'silent', 'idle'].map((name) => botDeclaration(name)),
    );
  });
  afterAll(() => database?.cleanup());

  it('lists every held lease with its host and pid', async () => {
    await acquireLease(store, 'fresh', me('a:1'));
    await acquireLease(store, 'silent', me('b:2'));
    const leases = await heldLeases(store);
    expect(leases.map((lease) => [lease.bot, lease.owner, lease.host, lease.pid])).toEqual([
      ['fresh', 'a:1', hostname(), process.pid],
      ['silent', 'b:2', hostname(), process.pid],
    ]);
  });

  it('alerts a running bot whose heartbeat is too old once per staleness, however often it is asked', async () => {
    await age(store, 'silent', 95);
    await age(store, 'idle', 3600); // stopped: an old heartbeat is expected
    const [first, second] = await Promise.all([alertStaleRunners(store, STALE_MS), alertStaleRunners(store, STALE_MS)]);
    expect([...first, ...second].map((runner) => runner.bot)).toEqual(['silent']);
    expect(await alertStaleRunners(store, STALE_MS)).toEqual([]);
    const [alert] = await eventsOf(store, { bot: 'silent', kinds: ['heartbeat_stale'] });
    expect(alert).toMatchObject({ level: 'alert', data: { owner: 'b:2' } });
    expect(alert.message).toMatch(/^no heartbeat for 9\d s .*its runner b:2 has died or hangs$/);

    // An hour later it beats again, then falls silent again: a new staleness, a new alert.
    await sql`UPDATE events SET ts = ts - interval '1 hour' WHERE kind = 'heartbeat_stale'`.execute(store.db);
    expect(await heartbeat(store, 'silent', 'b:2', { ttlMs: 3_600_000 })).toBe(true);
    expect(await alertStaleRunners(store, STALE_MS)).toEqual([]);
    await age(store, 'silent', 60);
    expect((await alertStaleRunners(store, STALE_MS)).map((runner) => runner.bot)).toEqual(['silent']);
    expect(await eventsOf(store, { bot: 'silent', kinds: ['heartbeat_stale'] })).toHaveLength(2);

    await releaseLease(store, 'silent', 'b:2');
    await age(store, 'silent', 600);
    expect(await alertStaleRunners(store, STALE_MS)).toEqual([]);
  });
});
