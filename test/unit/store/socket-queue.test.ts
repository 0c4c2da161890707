import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openStore } from '../../../src/store/index.js';
import { embeddedTemplate } from '../../helpers/databases.js';

const hammer = new URL('../../helpers/store-hammer.ts', import.meta.url).pathname;

/** Runs the hammer script in its own process and returns what it printed. */
function runHammer(dir: string, tag: string): Promise<{ ok: number; wrong: number; errors: string[] }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', hammer, dir, tag], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    err += String(chunk);
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`hammer ${tag} exited ${code}: ${err}`)),
    ),
  );
}

describe('the embedded owner serving several client processes at once', () => {
  it('keeps each client’s statements and parameters together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-queue-'));
    mkdirSync(join(dir, 'db'), { recursive: true });
    cpSync(await embeddedTemplate('migrated'), join(dir, 'db', 'pgdata'), { recursive: true });
    const owner = await openStore({ url: undefined, dir });
    try {
      await migrate(owner);
      const results = await Promise.all([runHammer(dir, 'a'), runHammer(dir, 'b'), runHammer(dir, 'c')]);
      for (const r of results) expect(r).toEqual({ ok: 300, wrong: 0, errors: [] });
      const rows = await owner.db.selectFrom('events').select(['kind']).execute();
      expect(rows.length).toBe(300);
    } finally {
      await owner.close();
    }
  }, 120_000);
});
