// The whole Broker contract for the broker in allow-list-broker.ts, from fleet's conformance
// suite: run it with vitest (npx vitest run allow-list-broker.test.ts).
import { createSandboxExchange, DEFAULT_COSTS, ManualClock, MemorySandboxLedger } from 'fleet/broker';
import { describeBrokerConformance } from 'fleet/testing';
import { AllowListBroker } from './allow-list-broker.js';

describeBrokerConformance('AllowListBroker over the sandbox exchange', async () => {
  // The account lives in the ledger, so a broker made again over it is the same account restarted.
  const ledger = new MemorySandboxLedger();
  const clock = new ManualClock(Date.UTC(2026, 0, 5));
  const open = () =>
    new AllowListBroker(
      createSandboxExchange({
        account: 'conformance',
        ledger,
        clock,
        timeframe: '1m',
        costs: DEFAULT_COSTS,
        initialCash: 10_000,
      }),
      new Set(['SBX-TREND', 'SBX-WALK']),
    );
  const broker = open();
  const price = await broker.lastPrice('SBX-TREND');
  return {
    broker,
    restart: async () => open(),
    symbol: 'SBX-TREND',
    base: 'SBX-TREND', // the sandbox holds a position under the symbol's own name
    quote: 'USDT',
    quantity: 1000 / price, // an order the 10 000 USDT account can pay for
    restingBuyPrice: price / 2, // a limit buy far enough below the market to rest
  };
});
