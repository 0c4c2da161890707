// A fresh database on the Postgres server of FLEET_TEST_DATABASE_URL for one benchmark, dropped
// afterwards whatever happens. Undefined (and `use` not called) when no server is configured.
import pg from 'pg';

export async function withServerDatabase(name, use) {
  const server = process.env.FLEET_TEST_DATABASE_URL;
  if (!server) return undefined;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(server);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
