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
import {
  expectSeriesClose,
  leadingNaNs,
  randomBars,
  randomWalk,
  refAtr,
  refEma,
  refHighest,
  refLag,
  refLowest,
  refMacd,
  refRoc,
  refRsi,
  refSma,
  refStdev,
  refWma,
  tieWalk,
} from './helpers.js';

const SEEDS = [1, 2, 3];
const PERIODS = [1, 2, 3, 5, 14, 20];
const LENGTH = 300;

/** Random walks with 1% moves and integer walks full of ties and flat stretches. */
function datasets(): { name: string; x: Float64Array }[] {
  return SEEDS.flatMap((seed) => [
    { name: `walk ${seed}`, x: randomWalk(seed, LENGTH) },
    { name: `ties ${seed}`, x: tieWalk(seed, LENGTH) },
  ]);
}

const single = [
  { name: 'Sma', make: (n: number) => new Sma(n), ref: refSma },
  { name: 'Ema', make: (n: number) => new Ema(n), ref: refEma },
  { name: 'Wma', make: (n: number) => new Wma(n), ref: refWma },
  { name: 'Rsi', make: (n: number) => new Rsi(n), ref: refRsi },
  { name: 'Stdev', make: (n: number) => new Stdev(n), ref: refStdev },
  { name: 'Highest', make: (n: number) => new Highest(n), ref: refHighest },
  { name: 'Lowest', make: (n: number) => new Lowest(n), ref: refLowest },
  { name: 'Roc', make: (n: number) => new Roc(n), ref: refRoc },
  { name: 'Lag', make: (n: number) => new Lag(n), ref: refLag },
];

describe('agreement with full-window reference implementations', () => {
  for (const { name, make, ref } of single) {
    it(`${name} matches the reference, warm-up included`, () => {
      for (const { x } of datasets()) {
        for (const n of PERIODS) {
          const indicator = make(n);
          const out = runSeries(indicator, x);
          const expected = ref(x, n);
          expectSeriesClose(out, expected);
          expect(leadingNaNs(out)).toBe(indicator.warmup);
        }
      }
    });
  }

  it('Atr matches the reference, warm-up included', () => {
    for (const seed of SEEDS) {
      const { high, low, close } = randomBars(seed, LENGTH);
      for (const n of PERIODS) {
        const atr = new Atr(n);
        const out = runSeriesHlc(atr, high, low, close);
        expectSeriesClose(out, refAtr(high, low, close, n));
        expect(leadingNaNs(out)).toBe(atr.warmup);
      }
    }
  });

  it('Bbands matches SMA +/- k * population stdev', () => {
    for (const { x } of datasets()) {
      for (const n of PERIODS) {
        for (const k of [0, 1.5, 2]) {
          const bb = new Bbands(n, k);
          const middle = new Float64Array(x.length);
          const upper = new Float64Array(x.length);
          const lower = new Float64Array(x.length);
          x.forEach((v, i) => {
            middle[i] = bb.update(v);
            upper[i] = bb.upper;
            lower[i] = bb.lower;
          });
          const sma = refSma(x, n);
          const sd = refStdev(x, n);
          expectSeriesClose(middle, sma);
          expectSeriesClose(
            upper,
            sma.map((m, i) => m + k * sd[i]),
          );
          expectSeriesClose(
            lower,
            sma.map((m, i) => m - k * sd[i]),
          );
          expect(leadingNaNs(middle)).toBe(bb.warmup);
        }
      }
    }
  });

  it('Macd matches EMA arithmetic with TA-Lib alignment', () => {
    const combos = [
      [12, 26, 9],
      [2, 3, 2],
      [5, 5, 1],
      [1, 4, 3],
      [3, 10, 1],
    ];
    for (const { x } of datasets()) {
      for (const [fast, slow, signal] of combos) {
        const macd = new Macd(fast, slow, signal);
        const line = new Float64Array(x.length);
        const sig = new Float64Array(x.length);
        const hist = new Float64Array(x.length);
        x.forEach((v, i) => {
          line[i] = macd.update(v);
          sig[i] = macd.signal;
          hist[i] = macd.hist;
        });
        const ref = refMacd(x, fast, slow, signal);
        expectSeriesClose(line, ref.line);
        expectSeriesClose(sig, ref.signal);
        expectSeriesClose(hist, ref.hist);
        expect(leadingNaNs(line)).toBe(macd.warmup);
        expect(macd.warmup).toBe(slow - 1 + signal - 1);
      }
    }
  });

  it('CrossAbove and CrossBelow match the definition, NaN included', () => {
    for (const seed of SEEDS) {
      // a against its own value 3 bars back: many crossings and many equal pairs
      const a = tieWalk(seed, LENGTH);
      const b = a.map((_, i) => (i >= 3 ? a[i - 3] : 50));
      // sprinkle NaNs into both series
      for (let i = 7; i < LENGTH; i += 13) a[i] = Number.NaN;
      for (let i = 11; i < LENGTH; i += 17) b[i] = Number.NaN;
      const above = new CrossAbove();
      const below = new CrossBelow();
      let ups = 0;
      let downs = 0;
      for (let i = 0; i < LENGTH; i++) {
        const finite = i > 0 && [a[i - 1], b[i - 1], a[i], b[i]].every((v) => !Number.isNaN(v));
        const up = finite && a[i - 1] <= b[i - 1] && a[i] > b[i];
        const down = finite && a[i - 1] >= b[i - 1] && a[i] < b[i];
        expect(above.update(a[i], b[i])).toBe(up);
        expect(below.update(a[i], b[i])).toBe(down);
        ups += up ? 1 : 0;
        downs += down ? 1 : 0;
      }
      // the data must actually exercise both outcomes
      expect(ups).toBeGreaterThan(3);
      expect(downs).toBeGreaterThan(3);
    }
  });
});

describe('numerical stability', () => {
  it('Stdev stays accurate to 1e-6 relative on prices around 60000 with small moves', () => {
    // Moves of about 0.01 on 60000: a naive sum of squares loses every digit here.
    const x = randomWalk(7, 20_000, 60_000, 2e-7);
    for (const n of [5, 20, 200]) {
      const out = runSeries(new Stdev(n), x);
      const expected = refStdev(x, n);
      for (let i = n - 1; i < x.length; i++) {
        const rel = Math.abs(out[i] - expected[i]) / expected[i];
        if (!(rel <= 1e-6)) expect(`${n}/${i}: ${out[i]}`).toBe(`${n}/${i}: ${expected[i]}`);
      }
    }
  });

  it('Stdev of a flat window is exactly 0, never NaN', () => {
    const flat = new Float64Array(50).fill(60_000.123);
    const out = runSeries(new Stdev(10), flat);
    expect(Array.from(out.subarray(9))).toEqual(new Array(41).fill(0));
  });

  it('Sma, Wma and Stdev do not drift over a long run', () => {
    const length = 200_000;
    const x = randomWalk(11, length, 60_000, 0.001);
    const tail = 200;
    for (const n of [3, 50]) {
      const from = length - tail - n + 1;
      const window = x.subarray(from);
      const check = (out: Float64Array, ref: Float64Array) =>
        expectSeriesClose(out.subarray(length - tail), ref.subarray(ref.length - tail), 1e-12);
      check(runSeries(new Sma(n), x), refSma(window, n));
      check(runSeries(new Wma(n), x), refWma(window, n));
      check(runSeries(new Stdev(n), x), refStdev(window, n));
    }
  });
});
