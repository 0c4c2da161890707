import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/index.js';
import { MemorySandboxLedger } from '../../../src/broker/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { busyScript, runScriptedReplay } from '../../helpers/replay-runner.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

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

describe('replay parity: a runner on the replay exchange makes exactly the backtest trades', () => {
  it.each(CASES)('$symbol, stop $stopLoss, target $takeProfit', async ({ symbol, costs, ...risk }) => {
    const bars = 3000;
    const candles = generateSandboxCandles({ symbol, timeframe: '1h', bars, seed: 11 });
    const script = busyScript(bars);
    const backtest = runBacktest(scriptedStrategy(script, risk), candles, {
      timeframe: '1h',
      costs,
      initialCash: 10_000,
      ledger: true,
    });
    const replay = await runScriptedReplay({
      candles,
      symbol,
      timeframe: '1h',
      costs,
      script,
      risk,
      ledger: new MemorySandboxLedger(),
      initialCash: 10_000,
      restartEvery: 701,
    });

    const expected = backtest.trades.map((t) => ({
      side: t.side,
      entryTime: t.entryTime,
      entryPrice: t.entryPrice,
      quantity: t.quantity,
      exitTime: t.exitTime,
      exitPrice: t.exitPrice,
      exitReason: t.exitReason,
    }));
    // Bit for bit: toEqual compares numbers with Object.is.
    expect(replay.trades).toEqual(expected);
    const reasons = new Set(expected.map((t) => t.exitReason));
    expect(reasons).toEqual(new Set(['signal', 'stop_loss', 'take_profit']));
    expect(expected.length).toBeGreaterThan(100);
    expect(replay.cash).toBe(backtest.cash?.[bars - 1]);
    const open = backtest.openPosition;
    expect(replay.positions).toEqual(
      open ? [{ symbol, quantity: open.side === 'long' ? open.quantity : -open.quantity }] : [],
    );
  });
});
