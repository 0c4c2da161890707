import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A new, empty database on the server at `adminUrl` (which must allow CREATE DATABASE), named
 * `<prefix>_<random>`: its URL, and a drop that removes it even while connections remain.
 */
export async function createServerDatabase(
  adminUrl: string,
  prefix = 'fleet',
): Promise<{ readonly url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new RangeError(`database name prefix must be [a-z0-9_], got ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl.trim());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.trim() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
