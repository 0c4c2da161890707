import { MemorySandboxLedger } from '../../src/broker/index.js';
import { StoreSandboxLedger } from '../../src/store/index.js';
import { describeSandboxLedgerConformance } from '../../src/testing/index.js';
import { BACKENDS } from '../helpers/databases.js';
import { sharedTestDatabase } from '../helpers/shared-database.js';

// Every SandboxLedger through the one contract (src/testing/sandbox-ledger-conformance.ts).

describeSandboxLedgerConformance('MemorySandboxLedger', async () => {
  const ledger = new MemorySandboxLedger();
  return { ledger, reopen: async () => ledger };
});

for (const backend of BACKENDS) {
  const database = sharedTestDatabase(backend, ['sandbox_orders', 'sandbox_accounts', 'sandbox_clocks']);
  describeSandboxLedgerConformance(`StoreSandboxLedger on ${backend}`, async () => {
    const { stores, clear } = await database();
    return {
      ledger: new StoreSandboxLedger(stores[0]),
      // A second store on the same database: another process's view of the books.
      reopen: async () => new StoreSandboxLedger(stores[1]),
      close: clear,
    };
  });
}
