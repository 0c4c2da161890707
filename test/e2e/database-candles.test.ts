import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeExchange, startFakeExchange } from '../../src/testing/fake-exchange.js';
import { fleet } from '../helpers/cli.js';
import { BACKENDS, type BackendName, createTestDatabase, embeddedTemplate } from '../helpers/databases.js';

const cleanups: (() => Promise<void>)[] = [];
let exchange: FakeExchange;
beforeAll(async () => {
  exchange = await startFakeExchange();
});
afterAll(async () => {
  await exchange.close();
  for (const cleanup of cleanups) await cleanup();
});

/** A project folder whose database is a fresh one of this backend, not yet migrated. */
async function project(backend: BackendName): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), `fleet-dbcandles-${backend}-`));
  if (backend === 'embedded') {
    mkdirSync(join(dir, '.fleet', 'db'), { recursive: true });
    cpSync(await embeddedTemplate(), join(dir, '.fleet', 'db', 'pgdata'), { recursive: true });
    return { dir, env: {} };
  }
  const db = await createTestDatabase('server', { schema: 'empty' });
  cleanups.push(() => db.cleanup());
  return { dir, env: { DATABASE_URL: db.url as string } };
}

const spec = join(process.cwd(), 'examples/specs/ema-cross.json');

describe.each(BACKENDS)('candles kept in the %s database', (backend) => {
  it('import and fetch with --cache db; backtest and screen (on worker threads) with --source db', async () => {
    const { dir, env } = await project(backend);
    const run = (args: string[]) => fleet(args, { cwd: dir, env });
    expect(
      (await run(['data', 'sandbox', '--symbol', 'SBX-WALK', '--bars', '3000', '--out', 'walk.csv'])).exitCode,
    ).toBe(0);

    // A server's schema changes only by fleet migrate; the embedded database migrates itself.
    if (backend === 'server') {
      const stale = await run(['data', 'import', 'walk.csv', '--symbol', 'MY/COIN', '--cache', 'db']);
      expect(stale.exitCode).toBe(1);
      expect(stale.stderr).toContain('run fleet migrate');
      expect((await run(['migrate'])).exitCode).toBe(0);
    }

    const imported = await run(['data', 'import', 'walk.csv', '--symbol', 'MY/COIN', '--cache', 'db', '--json']);
    expect(imported.exitCode, imported.stderr).toBe(0);
    if (backend === 'embedded') expect(imported.stderr).toMatch(/^migrated the embedded database \(/m);
    expect(JSON.parse(imported.stdout)).toMatchObject({ symbol: 'MY/COIN', bars: 3000, path: 'database' });

    const backtest = await run(['backtest', spec, '--symbol', 'MY/COIN', '--source', 'db', '--json']);
    expect(backtest.exitCode).toBe(0);
    expect(JSON.parse(backtest.stdout).bars).toBe(3000);

    const screened = await run([
      'screen',
      spec,
      '--symbols',
      'MY/COIN,NOT/THERE',
      '--source',
      'db',
      '--workers',
      '2',
      '--json',
    ]);
    expect(screened.exitCode).toBe(0);
    const ranking = JSON.parse(screened.stdout);
    expect(ranking.rows.map((r: { symbol: string }) => r.symbol)).toEqual(['MY/COIN']);
    expect(ranking.failures[0].error).toContain('no 1h bars of NOT/THERE from csv in the database');

    const fetched = await run([
      'data',
      'fetch',
      '--exchange',
      'binance',
      '--symbols',
      'BTC/USDT',
      '--since',
      '2024-01-01',
      '--until',
      '2024-02-01',
      '--cache',
      'db',
      '--api-url',
      exchange.url,
    ]);
    expect(fetched.exitCode).toBe(0);
    // The hint names the source the bars are in: the database, not the file cache.
    expect(fetched.stdout).toContain('backtest them with --source db:binance');
    const fromExchange = await run(['backtest', spec, '--symbol', 'BTC/USDT', '--source', 'db:binance', '--json']);
    expect(fromExchange.exitCode).toBe(0);
    expect(JSON.parse(fromExchange.stdout).bars).toBe(31 * 24);
  }, 180_000);
});
