import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestSpec, runBacktest } from '../../../src/backtest/index.js';
import { allocateCandles, type Candles } from '../../../src/core/index.js';
import { readSpecFile } from '../../../src/spec/index.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

/** Valid OHLC bars from random per-bar moves and wick sizes. */
const candlesArb = (minLength: number, maxLength: number) =>
  fc
    .array(
      fc.record({
        move: fc.double({ min: -0.08, max: 0.08, noNaN: true }),
        wick: fc.double({ min: 0, max: 0.05, noNaN: true }),
      }),
      {
        minLength,
        maxLength,
      },
    )
    .map((steps): Candles => {
      const c = allocateCandles(steps.length);
      let price = 100;
      steps.forEach(({ move, wick }, i) => {
        const open = price;
        price = Math.max(0.01, price * (1 + move));
        c.time[i] = i * 60_000;
        c.open[i] = open;
        c.close[i] = price;
        c.high[i] = Math.max(open, price) * (1 + wick);
        c.low[i] = Math.min(open, price) * (1 - wick);
        c.volume[i] = 1;
      });
      return c;
    });

const scriptArb = (length: number) =>
  fc.dictionary(
    fc.integer({ min: 0, max: length - 1 }).map(String),
    fc.constantFrom('buy', 'sell', 'short', 'cover', 'flip_short', 'flip_long'),
  );

const riskArb = fc.record({
  stopLoss: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0.01, max: 0.3, noNaN: true })),
  takeProfit: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0.01, max: 0.5, noNaN: true })),
  positionSize: fc.double({ min: 0.1, max: 1, noNaN: true }),
});

const costsArb = fc.record({
  feeBps: fc.double({ min: 0, max: 50, noNaN: true }),
  slippageBps: fc.double({ min: 0, max: 50, noNaN: true }),
});

const caseArb = candlesArb(2, 120).chain((candles) =>
  fc.record({ candles: fc.constant(candles), script: scriptArb(candles.length), risk: riskArb, costs: costsArb }),
);

describe('backtest invariants (property tests)', () => {
  it('equity = cash + position value at every bar, and the books balance', () => {
    fc.assert(
      fc.property(caseArb, ({ candles, script, risk, costs }) => {
        const r = runBacktest(scriptedStrategy(script as never, risk), candles, {
          timeframe: '1m',
          costs,
          ledger: true,
        });
        for (let i = 0; i < candles.length; i++) {
          const expected = (r.cash?.[i] ?? 0) + (r.position?.[i] ?? 0) * candles.close[i];
          expect(Math.abs(r.equity[i] - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
        }
        const realised = r.trades.reduce((sum, t) => sum + t.pnl, 0);
        const final = r.initialCash + realised + (r.openPosition?.unrealisedPnl ?? 0);
        expect(r.metrics.finalEquity).toBeCloseTo(final, 6);
        for (const t of r.trades) expect(t.fees).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('fees and slippage only ever reduce equity (flat prices: every fill costs, nothing else moves)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 60 }), costsArb, (length, costs) => {
        const candles = allocateCandles(length);
        for (let i = 0; i < length; i++) {
          candles.time[i] = i;
          candles.open[i] = candles.high[i] = candles.low[i] = candles.close[i] = 50;
        }
        const script: Record<number, string> = {};
        for (let i = 0; i < length; i += 2) script[i] = i % 4 === 0 ? 'buy' : 'sell';
        const r = runBacktest(scriptedStrategy(script as never), candles, { timeframe: '1m', costs });
        let previous = r.initialCash;
        for (let i = 0; i < length; i++) {
          expect(r.equity[i]).toBeLessThanOrEqual(previous + 1e-9);
          previous = r.equity[i];
        }
        if (costs.feeBps + costs.slippageBps > 0.01 && r.trades.length > 0)
          expect(previous).toBeLessThan(r.initialCash);
      }),
      { numRuns: 200 },
    );
  });

  it('the same input gives the same output', () => {
    fc.assert(
      fc.property(caseArb, ({ candles, script, risk, costs }) => {
        const a = runBacktest(scriptedStrategy(script as never, risk), candles, { timeframe: '1m', costs });
        const b = runBacktest(scriptedStrategy(script as never, risk), candles, { timeframe: '1m', costs });
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it('a compiled spec never trades during its warm-up, and a reset strategy repeats itself', async () => {
    const checked = await readSpecFile('examples/specs/ema-cross.json');
    await fc.assert(
      fc.asyncProperty(
        candlesArb(40, 400),
        fc.integer({ min: 5, max: 15 }),
        fc.integer({ min: 20, max: 35 }),
        async (candles, fast, slow) => {
          const slowAligned = 20 + Math.floor((slow - 20) / 5) * 5;
          const r = backtestSpec(checked, candles, { params: { fast, slow: slowAligned } });
          // The slow EMA's first value is at bar slow-1; a cross needs the bar before too, so the
          // earliest signal is at bar slow and the earliest fill at the bar after.
          for (const t of r.trades) expect(t.entryIndex).toBeGreaterThanOrEqual(slowAligned + 1);
          if (r.openPosition) expect(r.openPosition.entryIndex).toBeGreaterThanOrEqual(slowAligned + 1);
          r.strategy.reset();
          const again = backtestSpec(checked, candles, { params: { fast, slow: slowAligned } });
          expect(again.trades).toEqual(r.trades);
        },
      ),
      { numRuns: 60 },
    );
  });
});
