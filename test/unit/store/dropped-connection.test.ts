import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../../../src/store/index.js';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../../helpers/databases.js';
import { tcpRelay } from '../../helpers/tcp-relay.js';

// The server backend only: CI always sets FLEET_TEST_DATABASE_URL, so this always runs there.
describe.runIf(SERVER_URL !== undefined)('a Postgres server that drops the connection', () => {
  let database: TestDatabase;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await database?.cleanup();
  });

  it('is waited for with backoff while it restarts, and the next statements succeed', async () => {
    database = await createTestDatabase('server');
    const target = new URL(database.url as string);
    const proxy = tcpRelay(target);
    await proxy.start();
    store = await openStore({ url: proxy.url(target.pathname.slice(1)) });
    await migrate(store);
    await store.db.insertInto('events').values({ level: 'info', kind: 'test', message: 'before' }).execute();

    await proxy.stop();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the pool notices its connections closed
    const pending = store.db.selectFrom('events').select('message').execute();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await proxy.start();
    expect((await pending).map((e) => e.message)).toEqual(['before']);
    await proxy.stop();
  });

  it('fails with one line naming the server when it does not come back', async () => {
    database = await createTestDatabase('server');
    const target = new URL(database.url as string);
    const proxy = tcpRelay(target);
    await proxy.start();
    store = await openStore({ url: proxy.url(target.pathname.slice(1)) });
    await store.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    await proxy.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(store.db.selectNoFrom((eb) => eb.val(1).as('one')).execute()).rejects.toThrow(
      /^lost the database at 127\.0\.0\.1:\d+ and it did not come back \(ECONNREFUSED\)$/,
    );
  }, 30_000);
});
