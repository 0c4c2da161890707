import {
  type TestDatabaseBackend as BackendName,
  testDatabaseBackends,
  testServerUrl,
} from '../../src/testing/test-database.js';

/**
 * The store backends every store test runs on: the embedded default always, and a Postgres server
 * when FLEET_TEST_DATABASE_URL is set (CI sets it). The databases themselves come from
 * `createTestDatabase` (src/testing, shipped as `fleet/testing`).
 */
export {
  createTestDatabase,
  embeddedTemplate,
  type TestDatabase,
  type TestDatabaseBackend as BackendName,
} from '../../src/testing/test-database.js';

export const SERVER_URL = testServerUrl();
export const BACKENDS: readonly BackendName[] = testDatabaseBackends();

// Tests choose their backend explicitly; a developer's DATABASE_URL must not redirect them (the
// CLI processes tests spawn read it too).
delete process.env.DATABASE_URL;
