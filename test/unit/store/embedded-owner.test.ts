import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOwner } from '../../../src/store/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { type StoreChild, startStoreChild } from '../../helpers/store-child.js';

describe('the embedded database shared by processes', () => {
  let database: TestDatabase;
  const children: StoreChild[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop()));
    await database?.cleanup();
  });

  it('serves a live owner to a client process, which reads what the owner wrote', async () => {
    database = await createTestDatabase('embedded');
    const owner = await database.open();
    expect(owner.role).toBe('owner');
    await owner.db.insertInto('events').values({ level: 'info', kind: 'test', message: 'from owner' }).execute();
    const child = startStoreChild(database.dir, 'from child');
    children.push(child);
    const report = await child.ready;
    expect(report.role).toBe('client');
    expect(report.events).toEqual(['from owner', 'from child']);
    // And the owner sees the client's write.
    const messages = await owner.db.selectFrom('events').select('message').orderBy('id').execute();
    expect(messages.map((m) => m.message)).toEqual(['from owner', 'from child']);
  });

  it('lets exactly one of two racing processes become the owner', async () => {
    database = await createTestDatabase('embedded');
    const a = startStoreChild(database.dir, 'a');
    const b = startStoreChild(database.dir, 'b');
    children.push(a, b);
    const reports = await Promise.all([a.ready, b.ready]);
    expect(reports.map((r) => r.role).sort()).toEqual(['client', 'owner']);
    const owner = reports.find((r) => r.role === 'owner');
    expect(readOwner(join(database.dir, 'db'))?.pid).toBe(owner?.pid);
    // While the owner lives this process is refused ownership too: it becomes a client.
    const here = await database.open();
    expect(here.role).toBe('client');
    const messages = await here.db.selectFrom('events').select('message').execute();
    expect(messages.map((m) => m.message).sort()).toEqual(['a', 'b']);
    await here.close();
    // Clients first, then the owner, which frees the folder.
    const client = reports[0]?.role === 'client' ? a : b;
    await client.stop();
    expect(await (client === a ? b : a).stop()).toBe(0);
    expect(existsSync(join(database.dir, 'db', 'owner.json'))).toBe(false);
    expect(existsSync(join(database.dir, 'db', 'owner.lock'))).toBe(false);
  });

  it('takes over a stale owner whose process is gone', async () => {
    database = await createTestDatabase('embedded');
    const first = await database.open();
    await first.db.insertInto('events').values({ level: 'info', kind: 'test', message: 'kept' }).execute();
    await first.close();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(String(dead.stdout));
    writeFileSync(join(database.dir, 'db', 'owner.lock'), String(deadPid));
    writeFileSync(join(database.dir, 'db', 'owner.json'), JSON.stringify({ pid: deadPid, host: '127.0.0.1', port: 1 }));
    const store = await database.open();
    expect(store.role).toBe('owner');
    expect(readOwner(join(database.dir, 'db'))?.pid).toBe(process.pid);
    const messages = await store.db.selectFrom('events').select('message').execute();
    expect(messages.map((m) => m.message)).toEqual(['kept']);
  });
});
