import { afterEach, describe, expect, it } from 'vitest';
import { FleetError, UsageError } from '../../../src/core/index.js';
import { maskUrl, openStore } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

describe.each(BACKENDS)('openStore on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('keeps what was written across close and reopen', async () => {
    database = await createTestDatabase(backend);
    const first = await database.open();
    expect(first.kind).toBe(backend);
    await first.db
      .insertInto('bots')
      .values({ name: 'b1', spec: '{"a":1}', params: '{}', symbol: 'BTC/USDT', exchange: 'binance', mode: 'paper' })
      .execute();
    await first.close();
    await first.close(); // idempotent
    const second = await database.open();
    const bots = await second.db.selectFrom('bots').selectAll().execute();
    expect(bots.map((bot) => [bot.name, bot.spec, bot.mode])).toEqual([['b1', { a: 1 }, 'paper']]);
  });

  it('returns numeric as exact strings and bigserial ids as numbers', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const row = await store.db
      .insertInto('orders')
      .values({
        client_order_id: 'b1-1',
        bot: 'b1',
        side: 'buy',
        type: 'limit',
        quantity: '0.1',
        price: '12345.678901234567890123',
        status: 'open',
      })
      .returning(['id', 'quantity', 'price'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 1, quantity: '0.1', price: '12345.678901234567890123' });
    await expect(
      store.db
        .insertInto('orders')
        .values({ client_order_id: 'b1-1', bot: 'b1', side: 'buy', type: 'limit', quantity: 1, status: 'open' })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('openStore errors', () => {
  it('refuses a malformed DATABASE_URL as a usage error, without the password', async () => {
    const error = await openStore({ url: 'mysql://me:s3cret@db/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('DATABASE_URL is not a postgres:// URL: mysql://me:****@db/x');
    const garbage = await openStore({ url: 'postgres://me:s3cret@[bad' }).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(UsageError);
    expect((garbage as Error).message).not.toContain('s3cret');
  });

  it('reports a refused connection in one line naming host:port, after retrying', async () => {
    const error = await openStore({ url: 'postgres://me:s3cret@127.0.0.1:1/fleet' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('cannot connect to the database at 127.0.0.1:1: connection refused');
  });

  it('waits for a server that is down for up to waitMs, saying so once, then fails in one line', async () => {
    const told: string[] = [];
    const error = await openStore({
      url: 'postgres://me:s3cret@127.0.0.1:1/fleet',
      waitMs: 400,
      onWaiting: (reason, waitMs) => told.push(`${reason} ${waitMs}`),
    }).catch((e: unknown) => e);
    expect(told).toEqual(['127.0.0.1:1: connection refused 400']);
    expect((error as Error).message).toBe(
      'cannot connect to the database at 127.0.0.1:1: connection refused (waited 0.4 s)',
    );
  });

  it('masks passwords in URLs', () => {
    expect(maskUrl('postgres://u:p@h:1/d')).toBe('postgres://u:****@h:1/d');
    expect(maskUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
  });
});
