import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Atr,
  Bbands,
  Ema,
  Highest,
  type Indicator,
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
import { leadingNaNs, randomBars, randomWalk } from './helpers.js';

const factories: { name: string; make: () => Indicator }[] = [
  { name: 'Sma', make: () => new Sma(4) },
  { name: 'Ema', make: () => new Ema(4) },
  { name: 'Wma', make: () => new Wma(4) },
  { name: 'Rsi', make: () => new Rsi(4) },
  { name: 'Stdev', make: () => new Stdev(4) },
  { name: 'Bbands', make: () => new Bbands(4, 2) },
  { name: 'Macd', make: () => new Macd(2, 5, 3) },
  { name: 'Highest', make: () => new Highest(4) },
  { name: 'Lowest', make: () => new Lowest(4) },
  { name: 'Roc', make: () => new Roc(4) },
  { name: 'Lag', make: () => new Lag(4) },
];

/** Prices with NaN gaps anywhere, leading ones included. */
const gappySeries = fc.array(
  fc.oneof(
    { arbitrary: fc.constant(Number.NaN), weight: 1 },
    { arbitrary: fc.double({ min: 1, max: 1000, noNaN: true }), weight: 3 },
  ),
  { maxLength: 80 },
);

describe('NaN inputs do not advance the state', () => {
  for (const { name, make } of factories) {
    it(`${name}: NaN in gives NaN out, and the valid bars match a run without the gaps`, () => {
      fc.assert(
        fc.property(gappySeries, (values) => {
          const withGaps = runSeries(make(), Float64Array.from(values));
          const valid = values.filter((v) => !Number.isNaN(v));
          const clean = runSeries(make(), Float64Array.from(valid));
          let k = 0;
          for (let i = 0; i < values.length; i++) {
            if (Number.isNaN(values[i])) expect(withGaps[i]).toBeNaN();
            else expect(withGaps[i]).toBe(clean[k++]);
          }
        }),
      );
    });
  }

  it('leading NaNs from a nested indicator only delay the warm-up: sma(rsi(close, 14), 5)', () => {
    const close = randomWalk(5, 200);
    const rsi = new Rsi(14);
    const sma = new Sma(5);
    const inner = new Float64Array(close.length);
    const outer = new Float64Array(close.length);
    close.forEach((c, i) => {
      inner[i] = rsi.update(c);
      outer[i] = sma.update(inner[i]);
    });
    expect(leadingNaNs(inner)).toBe(rsi.warmup);
    expect(leadingNaNs(outer)).toBe(rsi.warmup + sma.warmup);
    // Once warm, the outer value is the plain mean of the last 5 RSI values.
    for (let i = 18; i < close.length; i++) {
      const window = inner.subarray(i - 4, i + 1);
      expect(outer[i]).toBeCloseTo(window.reduce((s, v) => s + v, 0) / 5, 9);
    }
  });

  it('Atr skips a bar with any NaN of high, low, close', () => {
    const { high, low, close } = randomBars(9, 120);
    const gapHigh = high.slice();
    const gapLow = low.slice();
    const gapClose = close.slice();
    const gaps = new Set([0, 3, 4, 10, 50]);
    gapHigh[3] = Number.NaN;
    gapLow[4] = Number.NaN;
    gapClose[0] = Number.NaN;
    gapClose[10] = Number.NaN;
    gapHigh[50] = gapLow[50] = gapClose[50] = Number.NaN;
    const withGaps = runSeriesHlc(new Atr(5), gapHigh, gapLow, gapClose);
    const keep = (a: Float64Array) => a.filter((_, i) => !gaps.has(i));
    const clean = runSeriesHlc(new Atr(5), keep(high), keep(low), keep(close));
    let k = 0;
    for (let i = 0; i < close.length; i++) {
      if (gaps.has(i)) expect(withGaps[i]).toBeNaN();
      else expect(withGaps[i]).toBe(clean[k++]);
    }
  });

  it('Macd and Bbands fields read NaN on a NaN bar and resume after it', () => {
    const macd = new Macd(2, 3, 2);
    const bb = new Bbands(3, 2);
    for (const x of [1, 3, 2, 6, 4]) {
      macd.update(x);
      bb.update(x);
    }
    expect(Number.isNaN(macd.signal)).toBe(false);
    expect(Number.isNaN(bb.upper)).toBe(false);
    expect(macd.update(Number.NaN)).toBeNaN();
    expect(bb.update(Number.NaN)).toBeNaN();
    for (const v of [macd.line, macd.signal, macd.hist, bb.upper, bb.middle, bb.lower]) expect(v).toBeNaN();
    macd.update(8);
    bb.update(8);
    // Same as the hand-computed bar 5 of MACD(2, 3, 2) on 1, 3, 2, 6, 4, 8.
    expect(macd.line).toBeCloseTo(41 / 54, 12);
    expect(macd.signal).toBeCloseTo(52 / 81, 12);
    expect(bb.middle).toBeCloseTo(6, 12);
  });
});
