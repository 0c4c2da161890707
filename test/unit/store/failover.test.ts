import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, readOwner } from '../../../src/store/index.js';
import { embeddedTemplate } from '../../helpers/databases.js';
import { startStoreChild } from '../../helpers/store-child.js';

describe('a client of the embedded database whose owner exits', () => {
  it('runs the election again and carries on, with the data the owner wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-failover-'));
    mkdirSync(join(dir, 'db'), { recursive: true });
    cpSync(await embeddedTemplate(), join(dir, 'db', 'pgdata'), { recursive: true });
    const owner = startStoreChild(dir, 'from the first owner');
    const ready = await owner.ready;
    expect(ready.role).toBe('owner');

    const client = await openStore({ url: undefined, dir });
    try {
      expect(client.role).toBe('client');
      const before = await client.db.selectFrom('events').select('message').execute();
      expect(before.map((e) => e.message)).toEqual(['from the first owner']);

      expect(await owner.stop()).toBe(0);
      // The next statements find no owner, elect this process, and go on.
      await client.db.insertInto('events').values({ level: 'info', kind: 'test', message: 'after' }).execute();
      const after = await client.db.selectFrom('events').select('message').orderBy('id').execute();
      expect(after.map((e) => e.message)).toEqual(['from the first owner', 'after']);
      expect(readOwner(join(dir, 'db'))?.pid).toBe(process.pid);
    } finally {
      await client.close();
    }
    // Closed for good: nobody serves the folder any more.
    expect(readOwner(join(dir, 'db'))).toBeUndefined();
  }, 60_000);
});
