import { describe, expect, it } from 'vitest';
import { backtestSpec } from '../../../src/backtest/index.js';
import type { Candles } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { type CheckedSpec, readSpecFile } from '../../../src/spec/index.js';
import {
  crossesAbove,
  crossesBelow,
  emaArray,
  type NaiveRule,
  type NaiveSettings,
  naiveBacktest,
  rsiArray,
  shift,
  windowArray,
} from './naive-reference.js';

/** The spec-driven engine and the naive reference must agree trade for trade. */
function expectAgreement(
  checked: CheckedSpec,
  bars: Candles,
  params: Record<string, number>,
  rules: NaiveRule[],
  settings: NaiveSettings,
) {
  const engine = backtestSpec(checked, bars, {
    params,
    costs: { feeBps: settings.feeBps, slippageBps: settings.slippageBps },
    // The reference knows no rails: the daily-loss breaker (on by default) is opened all the way.
    risk: [{ daily_loss_limit: 1 }],
  });
  const naive = naiveBacktest(bars, rules, settings);
  expect(naive.trades.length).toBeGreaterThan(5); // the case must exercise something
  expect(engine.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.exitReason])).toEqual(
    naive.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.reason]),
  );
  engine.trades.forEach((t, i) => {
    expect(t.entryPrice).toBeCloseTo(naive.trades[i].entryPrice, 9);
    expect(t.exitPrice).toBeCloseTo(naive.trades[i].exitPrice, 9);
    expect(t.pnl / naive.trades[i].pnl).toBeCloseTo(1, 9);
  });
  for (let i = 0; i < bars.length; i += 97) expect(engine.equity[i] / naive.equity[i]).toBeCloseTo(1, 9);
  expect(engine.metrics.finalEquity / naive.equity[bars.length - 1]).toBeCloseTo(1, 9);
}

const bars = (symbol: string, seed = 3) => generateSandboxCandles({ symbol, timeframe: '1h', bars: 6000, seed });
const settings = (over: Partial<NaiveSettings>): NaiveSettings => ({
  feeBps: 10,
  slippageBps: 5,
  positionSize: 0.95,
  initialCash: 10_000,
  ...over,
});

describe('spec-driven engine agrees with a naive re-implementation', () => {
  it.each([
    ['SBX-TREND', 10, 30, 0.05, 0.1],
    ['SBX-WALK', 5, 40, 0.02, 0.04],
    ['SBX-VOLATILE', 12, 60, 0.08, 0.3],
  ])('ema-cross on %s (fast %i, slow %i, stop %f, target %f)', async (symbol, fast, slow, stop, target) => {
    const checked = await readSpecFile('examples/specs/ema-cross.json');
    const b = bars(symbol);
    const f = emaArray(b.close, fast);
    const s = emaArray(b.close, slow);
    expectAgreement(
      checked,
      b,
      { fast, slow, stop_loss: stop, take_profit: target },
      [
        { from: 'flat', to: 'long', when: crossesAbove(f, s) },
        { from: 'long', to: 'flat', when: crossesBelow(f, s) },
      ],
      settings({ stopLoss: stop, takeProfit: target }),
    );
  });

  it.each([
    ['SBX-MEANREV', 14, 30, 55],
    ['SBX-CYCLE', 7, 25, 60],
  ])('rsi-mean-reversion on %s (period %i, lower %i, upper %i)', async (symbol, period, lower, upper) => {
    const checked = await readSpecFile('examples/specs/rsi-mean-reversion.json');
    const b = bars(symbol);
    const osc = rsiArray(b.close, period);
    expectAgreement(
      checked,
      b,
      { period, lower, upper, stop: 0.08 },
      [
        { from: 'flat', to: 'long', when: osc.map((x) => x < lower) },
        { from: 'long', to: 'flat', when: osc.map((x) => x > upper) },
      ],
      settings({ stopLoss: 0.08 }),
    );
  });

  it.each([
    ['SBX-JUMPY', 20, 10, 1],
    ['SBX-BEAR', 30, 15, 0.5],
  ])(
    'donchian-breakout, long and short, on %s (entry %i, exit %i, size %f)',
    async (symbol, entryLen, exitLen, size) => {
      const checked = await readSpecFile('examples/specs/donchian-breakout.json');
      const b = bars(symbol);
      const max = (w: number[]) => Math.max(...w);
      const min = (w: number[]) => Math.min(...w);
      const entryHigh = shift(windowArray(b.high, entryLen, max), 1);
      const entryLow = shift(windowArray(b.low, entryLen, min), 1);
      const exitHigh = shift(windowArray(b.high, exitLen, max), 1);
      const exitLow = shift(windowArray(b.low, exitLen, min), 1);
      const close = Array.from(b.close);
      expectAgreement(
        checked,
        b,
        { entry_len: entryLen, exit_len: exitLen, size },
        [
          { from: 'flat', to: 'long', when: close.map((c, i) => c > entryHigh[i]), size },
          { from: 'flat', to: 'short', when: close.map((c, i) => c < entryLow[i]), size },
          { from: 'long', to: 'flat', when: close.map((c, i) => c < exitLow[i]) },
          { from: 'short', to: 'flat', when: close.map((c, i) => c > exitHigh[i]) },
        ],
        settings({ stopLoss: 0.1, positionSize: 0.9 }),
      );
    },
  );
});
