// fleet/testing: the conformance suites a custom implementation of a port runs itself through,
// and the fakes and databases fleet's own tests use, for tests of code built on fleet. The suites
// are vitest suites, so this entry point needs vitest installed (an optional peer dependency of
// fleet); call the describe… functions at the top level of a vitest test file.

/** Conformance suites: one call per implementation runs the whole contract of its port. */
export { describeBrokerConformance } from './broker-conformance.js';
export type { BrokerRig, BrokerRigSetup, PartialFillControls } from './broker-rig.js';
export {
  type CandleCacheRig,
  type CandleCacheRigSetup,
  describeCandleCacheConformance,
} from './candle-cache-conformance.js';
export {
  FAKE_ALPACA_KEYS,
  FAKE_ASSETS,
  type FakeAlpaca,
  type FakeAlpacaOrder,
  type FakeAlpacaRequest,
  type FakeAsset,
  fakeAlpacaBar,
  startFakeAlpaca,
} from './fake-alpaca.js';

/** Fake venues on 127.0.0.1 speaking the real protocols, for the real ccxt and Alpaca clients. */
export type { FakeAlpacaAccount } from './fake-alpaca-account.js';
export {
  DEFAULT_FAKE_SYMBOLS,
  type FakeExchange,
  type FakeExchangeOptions,
  type FakeOrder,
  type FakeRequest,
  type FakeSymbol,
  type FakeTrade,
  fakeBar,
  startFakeExchange,
} from './fake-exchange.js';
export { type LocalServer, listenLocally } from './local-server.js';
export {
  describeSandboxLedgerConformance,
  type SandboxLedgerRig,
  type SandboxLedgerRigSetup,
} from './sandbox-ledger-conformance.js';

/** Throw-away databases on either backend (embedded PGlite, or a Postgres server by URL). */
export {
  createTestDatabase,
  embeddedTemplate,
  type TestDatabase,
  type TestDatabaseBackend,
  type TestDatabaseOptions,
  type TestDatabaseSchema,
  testDatabaseBackends,
  testServerUrl,
} from './test-database.js';
