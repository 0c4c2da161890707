import { describe, expect, it } from 'vitest';
import {
  Atr,
  Bbands,
  CrossAbove,
  CrossBelow,
  Ema,
  Highest,
  Lag,
  Lowest,
  Macd,
  Roc,
  Rsi,
  runSeries,
  runSeriesHlc,
  Sma,
  Stdev,
  Wma,
} from '../../../src/indicators/index.js';

const run = (indicator: Parameters<typeof runSeries>[0], xs: number[]) =>
  Array.from(runSeries(indicator, Float64Array.from(xs)));

function expectValues(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a).toBeNaN();
    else expect(a).toBeCloseTo(expected[i], 12);
  });
}

describe('hand-computed values', () => {
  it('SMA(3) of 1..6', () => {
    // (1+2+3)/3 = 2, (2+3+4)/3 = 3, 4, 5
    expectValues(run(new Sma(3), [1, 2, 3, 4, 5, 6]), [NaN, NaN, 2, 3, 4, 5]);
  });

  it('EMA(3) is seeded with the mean of its first 3 values, then alpha = 2/(3+1) = 0.5', () => {
    // seed (2+4+6)/3 = 4; 4 + 0.5*(8-4) = 6; 6 + 0.5*(12-6) = 9; 9 + 0.5*(7-9) = 8
    expectValues(run(new Ema(3), [2, 4, 6, 8, 12, 7]), [NaN, NaN, 4, 6, 9, 8]);
  });

  it('EMA(1) is the input itself', () => {
    expectValues(run(new Ema(1), [3, 1, 4]), [3, 1, 4]);
  });

  it('WMA(3) weights 1, 2, 3 over 6', () => {
    // (1*1+2*2+3*3)/6 = 14/6; (1*2+2*3+3*4)/6 = 20/6; (1*3+2*4+3*10)/6 = 41/6
    expectValues(run(new Wma(3), [1, 2, 3, 4, 10]), [NaN, NaN, 14 / 6, 20 / 6, 41 / 6]);
  });

  it('RSI(14) on the classic Wilder/StockCharts closes', () => {
    const closes = [
      44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0,
      46.03, 46.41, 46.22, 45.64,
    ];
    const out = run(new Rsi(14), closes);
    expect(out.slice(0, 14).every(Number.isNaN)).toBe(true);
    // The first 14 changes: gains .06+.72+.50+.27+.32+.42+.24+.14+.67 = 3.34,
    // losses .25+.54+.19+.42 = 1.40 (the 14th change, 46.28 -> 46.28, is 0).
    // RSI = 100 * 3.34 / (3.34 + 1.40) = 70.4641. StockCharts prints 70.53 because its table
    // rounds the averages; exact arithmetic (and TA-Lib) gives 70.46.
    expect(out[14]).toBeCloseTo((100 * 3.34) / 4.74, 10);
    // Next change -0.28: gain (3.34/14*13 + 0)/14 = 43.42/196, loss (1.40/14*13 + 0.28)/14 = 22.12/196,
    // RSI = 100 * 43.42 / (43.42 + 22.12) = 66.2496.
    expect(out[15]).toBeCloseTo((100 * 43.42) / 65.54, 10);
    // The rest, from the same recursion (StockCharts: 66.55, 69.41, 66.36, 57.97).
    expect(out[16]).toBeCloseTo(66.4809, 3);
    expect(out[17]).toBeCloseTo(69.3469, 3);
    expect(out[18]).toBeCloseTo(66.2947, 3);
    expect(out[19]).toBeCloseTo(57.915, 3);
  });

  it('RSI limits: all gains 100, all losses 0, no change 50', () => {
    // RSI(2) of 1,2,3,2: changes +1,+1 -> gain 1, loss 0 -> 100; then -1: gain (1+0)/2, loss (0+1)/2 -> 50
    expectValues(run(new Rsi(2), [1, 2, 3, 2]), [NaN, NaN, 100, 50]);
    expectValues(run(new Rsi(2), [3, 2, 1]), [NaN, NaN, 0]);
    expectValues(run(new Rsi(2), [5, 5, 5, 5]), [NaN, NaN, 50, 50]);
  });

  it('ATR(2): the first true range is at the second bar, then Wilder smoothing', () => {
    const high = [10, 11, 12, 10, 10];
    const low = [8, 9, 11, 9, 9.5];
    const close = [9, 10.5, 11, 9.5, 10];
    // TR1 = max(11-9, |11-9|, |9-9|) = 2; TR2 = max(1, |12-10.5|, |11-10.5|) = 1.5 -> ATR = 1.75
    // TR3 = max(1, |10-11|, |9-11|) = 2 -> (1.75*1 + 2)/2 = 1.875
    // TR4 = max(0.5, |10-9.5|, |9.5-9.5|) = 0.5 -> (1.875 + 0.5)/2 = 1.1875
    const out = runSeriesHlc(new Atr(2), Float64Array.from(high), Float64Array.from(low), Float64Array.from(close));
    expectValues(Array.from(out), [NaN, NaN, 1.75, 1.875, 1.1875]);
  });

  it('population stdev and Bollinger bands', () => {
    // mean of 2,4,4,4,5,5,7,9 is 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sqrt(32/8) = 2
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(run(new Stdev(8), xs)[7]).toBeCloseTo(2, 12);
    // two values a, b: population stdev |a-b|/2
    expectValues(run(new Stdev(2), [1, 3, 7]), [NaN, 1, 2]);
    const bb = new Bbands(8, 2);
    const middles = run(bb, xs);
    expect(middles[7]).toBeCloseTo(5, 12);
    expect(bb.middle).toBeCloseTo(5, 12);
    expect(bb.upper).toBeCloseTo(9, 12);
    expect(bb.lower).toBeCloseTo(1, 12);
  });

  it('MACD(2, 3, 2) with TA-Lib alignment', () => {
    const macd = new Macd(2, 3, 2);
    const xs = [1, 3, 2, 6, 4, 8];
    // slow EMA(3), alpha 1/2: seed (1+3+2)/3 = 2 at bar 2; then 4, 4, 6.
    // fast EMA(2), alpha 2/3, starts one bar late so its seed window (3, 2) ends on bar 2 too:
    //   seed 2.5; 2.5 + 2/3*(6-2.5) = 29/6; 29/6 + 2/3*(4-29/6) = 77/18; 77/18 + 2/3*(8-77/18) = 365/54.
    // line: 1/2, 5/6, 5/18, 41/54 (bars 2..5).
    // signal EMA(2) of the line: seed (1/2+5/6)/2 = 2/3 at bar 3; 2/3 + 2/3*(5/18-2/3) = 11/27;
    //   11/27 + 2/3*(41/54-11/27) = 52/81.
    // Outputs start with the signal, at bar 3 = warm-up (3-1)+(2-1).
    expect(macd.warmup).toBe(3);
    const line: number[] = [];
    const signal: number[] = [];
    const hist: number[] = [];
    for (const x of xs) {
      const v = macd.update(x);
      expect(Object.is(v, macd.line)).toBe(true);
      line.push(macd.line);
      signal.push(macd.signal);
      hist.push(macd.hist);
    }
    expectValues(line, [NaN, NaN, NaN, 5 / 6, 5 / 18, 41 / 54]);
    expectValues(signal, [NaN, NaN, NaN, 2 / 3, 11 / 27, 52 / 81]);
    expectValues(hist, [NaN, NaN, NaN, 1 / 6, -7 / 54, 19 / 162]);
  });

  it('highest and lowest of 3 include the current bar', () => {
    const xs = [1, 3, 2, 5, 4, 4, 1];
    expectValues(run(new Highest(3), xs), [NaN, NaN, 3, 5, 5, 5, 4]);
    expectValues(run(new Lowest(3), xs), [NaN, NaN, 1, 2, 2, 4, 1]);
  });

  it('ROC(2) and LAG(2) need 3 inputs', () => {
    // (12-10)/10 = 20%; (9-11)/11 = -18.18%
    expectValues(run(new Roc(2), [10, 11, 12, 9]), [NaN, NaN, 20, -200 / 11]);
    expectValues(run(new Lag(2), [1, 2, 3, 4]), [NaN, NaN, 1, 2]);
    // a zero base gives 0 rather than an infinity
    expectValues(run(new Roc(1), [0, 5]), [NaN, 0]);
  });

  it('crosses: a touch followed by a move through counts, the first bar never does', () => {
    const a = [1, 2, 3, 2, 2, 1];
    const above = new CrossAbove();
    const below = new CrossBelow();
    // above: bar 2 (prev 2 <= 2, now 3 > 2); below: bar 5 (prev 2 >= 2, now 1 < 2)
    expect(a.map((x) => above.update(x, 2))).toEqual([false, false, true, false, false, false]);
    expect(a.map((x) => below.update(x, 2))).toEqual([false, false, false, false, false, true]);
    // already above on the first bar: no cross
    const first = new CrossAbove();
    expect(first.update(5, 1)).toBe(false);
    expect(first.warmup).toBe(1);
  });
});
