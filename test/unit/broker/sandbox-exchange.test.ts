import { describe, expect, it } from 'vitest';
import { createSandboxExchange, ManualClock, MemorySandboxLedger } from '../../../src/broker/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';

const H = 3_600_000;
const costs = { feeBps: 10, slippageBps: 5 };
// Deliberately not on a bar boundary.
const NOW = Date.UTC(2025, 2, 3, 10, 17, 23);

function sandbox(ledger: MemorySandboxLedger, clock: ManualClock, extra: { historyBars?: number; seed?: number } = {}) {
  return createSandboxExchange({ account: 'a', ledger, clock, timeframe: '1h', costs, initialCash: 1000, ...extra });
}

describe('sandbox exchange', () => {
  it('starts with historyBars closed bars before the clock, then the forming bar', async () => {
    const ledger = new MemorySandboxLedger();
    const clock = new ManualClock(NOW);
    const exchange = sandbox(ledger, clock, { historyBars: 100 });
    const bars = await exchange.closedBars('SBX-TREND', '1h', 0, NOW);
    expect(bars.length).toBe(100);
    const formingOpen = Math.floor(NOW / H) * H;
    expect(bars.time[99]).toBe(formingOpen - H);
    const generated = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 101, start: bars.time[0] });
    expect(await exchange.lastPrice('SBX-TREND')).toBe(generated.open[100]);
    expect([...bars.close]).toEqual([...generated.close.subarray(0, 100)]);
  });

  it('shows a restarted process, even one configured differently, the very same bars', async () => {
    const ledger = new MemorySandboxLedger();
    const first = await sandbox(ledger, new ManualClock(NOW), { historyBars: 300 }).closedBars(
      'SBX-JUMPY',
      '1h',
      0,
      NOW,
    );
    // Later, longer: growing the cached series (geometrically, past its first size) changes no bar.
    const later = NOW + 9000 * H;
    const again = sandbox(ledger, new ManualClock(later), { historyBars: 20 });
    const bars = await again.closedBars('SBX-JUMPY', '1h', 0, later);
    expect(bars.length).toBe(9300);
    expect([...bars.open.subarray(0, 300)]).toEqual([...first.open]);
    expect([...bars.time.subarray(0, 300)]).toEqual([...first.time]);
    const whole = generateSandboxCandles({ symbol: 'SBX-JUMPY', timeframe: '1h', bars: 9300, start: first.time[0] });
    expect([...bars.high]).toEqual([...whole.high]);

    const otherSeed = await sandbox(ledger, new ManualClock(NOW), { seed: 5 }).closedBars('SBX-JUMPY', '1h', 0, NOW);
    expect(otherSeed.close[0]).not.toBe(first.close[0]);
  });

  it('trades sandbox symbols only, and those it is given', async () => {
    const ledger = new MemorySandboxLedger();
    const exchange = createSandboxExchange({
      account: 'a',
      ledger,
      clock: new ManualClock(NOW),
      timeframe: '1h',
      costs,
      initialCash: 1000,
      symbols: ['SBX-QUIET'],
    });
    const order = { clientOrderId: 'x', side: 'buy', type: 'market', quantity: 1 } as const;
    expect((await exchange.placeOrder({ ...order, symbol: 'SBX-QUIET' })).status).toBe('filled');
    expect((await exchange.placeOrder({ ...order, clientOrderId: 'y', symbol: 'SBX-TREND' })).status).toBe('rejected');
    expect(() =>
      createSandboxExchange({
        account: 'a',
        ledger,
        clock: new ManualClock(NOW),
        timeframe: '1h',
        costs,
        initialCash: 1,
        symbols: ['BTC'],
      }),
    ).toThrow(/unknown sandbox symbol BTC/);
  });
});
