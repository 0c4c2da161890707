import { afterEach, describe, expect, it } from 'vitest';
import { MemorySandboxLedger } from '../../../src/broker/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { scriptParity } from '../../helpers/script-parity.js';

const CASES = [
  { symbol: 'SBX-VOLATILE', stopLoss: 0.02, takeProfit: 0.03, positionSize: 1, costs: { feeBps: 10, slippageBps: 5 } },
  {
    symbol: 'SBX-MEANREV',
    stopLoss: 0.015,
    takeProfit: 0.01,
    positionSize: 0.6,
    costs: { feeBps: 7.5, slippageBps: 20 },
  },
];

describe('replay parity: the runner on the replay exchange makes exactly the backtest trades', () => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it.each(CASES)(
    '$symbol, stop $stopLoss, target $takeProfit, restarted every 301 bars, rails on',
    async ({ symbol, costs, ...risk }) => {
      database = await createTestDatabase('embedded');
      const store = await database.open();
      const bars = 1200;
      const candles = generateSandboxCandles({ symbol, timeframe: '1h', bars, seed: 11 });
      const { backtest, replay, exits } = await scriptParity({
        store,
        candles,
        symbol,
        costs,
        risk,
        ledger: new MemorySandboxLedger(),
        restartEvery: 301,
      });
      const trip = (t: {
        side: string;
        entryTime: number;
        entryPrice: number;
        quantity: number;
        exitTime: number;
        exitPrice: number;
      }) => [t.side, t.entryTime, t.entryPrice, t.quantity, t.exitTime, t.exitPrice];
      // Bit for bit: toEqual compares numbers with Object.is.
      expect(replay.trades.map(trip)).toEqual(backtest.trades.map(trip));
      expect(exits).toEqual(backtest.trades.map((t) => t.exitReason));
      expect(new Set(exits)).toEqual(new Set(['signal', 'stop_loss', 'take_profit']));
      expect(backtest.trades.length).toBeGreaterThan(40);
      expect(replay.cash).toBe(backtest.cash?.[backtest.bars - 1]);
      const open = backtest.openPosition;
      expect(replay.position).toBe(open ? (open.side === 'long' ? open.quantity : -open.quantity) : 0);
      await store.close();
    },
    240_000,
  );
});
