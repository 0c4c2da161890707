import { describe, expect, it } from 'vitest';
import { createSandboxExchange, ManualClock, MemorySandboxLedger } from '../../../src/broker/index.js';

const costs = { feeBps: 10, slippageBps: 5 };
const NOW = Date.UTC(2025, 2, 3, 10, 17, 23);

/**
 * Two exchange objects over one account's books (the runner that lost its lease and the one that
 * took over): the first, holding books read before the second traded, must not write them back
 * over the second's trades (the lost update the whole-state commit made).
 */
describe('the simulated exchange commits guarded updates', () => {
  it('a stale copy of the books never overwrites a change made by another exchange object', async () => {
    const ledger = new MemorySandboxLedger();
    const open = () =>
      createSandboxExchange({
        account: 'shared',
        ledger,
        clock: new ManualClock(NOW),
        timeframe: '1h',
        costs,
        initialCash: 10_000,
        symbols: ['SBX-TREND'],
      });
    const stale = open();
    const buy = (id: string) => ({
      clientOrderId: id,
      symbol: 'SBX-TREND',
      side: 'buy' as const,
      type: 'market' as const,
      quantity: 1,
    });
    const first = await stale.placeOrder(buy('a-1'));
    expect(first.status).toBe('filled');
    // Another exchange object (another process) trades the account meanwhile.
    const other = open();
    expect((await other.placeOrder(buy('b-1'))).status).toBe('filled');
    const afterOther = await ledger.loadAccount('shared');
    // The stale object's next change is made on the books as they are now, not on its copy.
    expect((await stale.placeOrder(buy('a-2'))).status).toBe('filled');
    const account = await ledger.loadAccount('shared');
    expect(account?.positions['SBX-TREND']).toBe(3);
    expect(account?.cash).toBeLessThan(afterOther?.cash as number);
    expect((await ledger.findOrder('shared', 'b-1'))?.status).toBe('filled');
    // And what it reports to reconciliation is the ledger's, not its old copy's.
    expect(await stale.positions()).toEqual([{ symbol: 'SBX-TREND', quantity: 3 }]);
  });
});
