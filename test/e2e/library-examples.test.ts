// Through the package's own exports (the built dist/), as a package user imports it.
import { createSandboxExchange, DEFAULT_COSTS, ManualClock, MemorySandboxLedger } from 'fleet/broker';
import { describe, expect, it } from 'vitest';
import { AllowListBroker } from '../../examples/library/allow-list-broker.js';

const NOW = Date.UTC(2026, 0, 5);

describe('examples/library/allow-list-broker.ts', () => {
  const ledger = new MemorySandboxLedger();
  const clock = new ManualClock(NOW);
  const allowed = new Set(['SBX-TREND']);
  const open = () =>
    new AllowListBroker(
      createSandboxExchange({
        account: 'desk',
        ledger,
        clock,
        timeframe: '1m',
        costs: DEFAULT_COSTS,
        initialCash: 10_000,
        historyBars: 10,
      }),
      allowed,
    );
  const order = (clientOrderId: string, symbol: string) =>
    ({ clientOrderId, symbol, side: 'buy', type: 'market', quantity: 1 }) as const;

  it('trades an allowed symbol through the inner broker, and a restart over the account sees it', async () => {
    const report = await open().placeOrder(order('a-1', 'SBX-TREND'));
    expect(report.status).toBe('filled');
    const again = open();
    expect(await again.positions()).toEqual([{ symbol: 'SBX-TREND', quantity: 1 }]);
    expect((await again.placeOrder(order('a-1', 'SBX-TREND'))).exchangeOrderId).toBe(report.exchangeOrderId);
  });

  it('refuses another symbol with a rejected report, and stays idempotent once a symbol leaves the list', async () => {
    const refused = await open().placeOrder(order('b-1', 'SBX-WALK'));
    expect(refused).toMatchObject({
      status: 'rejected',
      reason: 'SBX-WALK is not on the allow-list',
      filledQuantity: 0,
    });
    allowed.delete('SBX-TREND');
    const earlier = await open().placeOrder(order('a-1', 'SBX-TREND'));
    expect(earlier.status).toBe('filled');
    expect((await open().positions()).map((p) => p.symbol)).toEqual(['SBX-TREND']);
  });
});
