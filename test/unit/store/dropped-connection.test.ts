import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../../../src/store/index.js';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../../helpers/databases.js';

/** A TCP relay to the Postgres server that a test can cut and restore, as a network or restart would. */
function relay(target: URL) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      const listening = createServer((client) => {
        const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server = listening;
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  return { start, stop, url: (db: string) => `postgres://${target.username}@127.0.0.1:${port}/${db}` };
}

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
    const proxy = relay(target);
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
    const proxy = relay(target);
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
