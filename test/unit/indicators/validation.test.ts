import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import {
  Atr,
  Bbands,
  CrossAbove,
  CrossBelow,
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
import { randomBars, randomWalk, tieWalk } from './helpers.js';

const BAD = [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY];

function expectUsageError(make: () => unknown, message: string): void {
  let caught: unknown;
  try {
    make();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  expect((caught as Error).message).toBe(message);
}

const periodic: { name: string; make: (n: number) => Indicator; warmup: (n: number) => number }[] = [
  { name: 'sma', make: (n) => new Sma(n), warmup: (n) => n - 1 },
  { name: 'ema', make: (n) => new Ema(n), warmup: (n) => n - 1 },
  { name: 'wma', make: (n) => new Wma(n), warmup: (n) => n - 1 },
  { name: 'rsi', make: (n) => new Rsi(n), warmup: (n) => n },
  { name: 'stdev', make: (n) => new Stdev(n), warmup: (n) => n - 1 },
  { name: 'bbands', make: (n) => new Bbands(n), warmup: (n) => n - 1 },
  { name: 'highest', make: (n) => new Highest(n), warmup: (n) => n - 1 },
  { name: 'lowest', make: (n) => new Lowest(n), warmup: (n) => n - 1 },
  { name: 'roc', make: (n) => new Roc(n), warmup: (n) => n },
  { name: 'lag', make: (n) => new Lag(n), warmup: (n) => n },
];

describe('periods', () => {
  for (const { name, make, warmup } of periodic) {
    it(`${name}: bad periods throw a one-line UsageError; warm-up is documented`, () => {
      for (const bad of BAD) {
        expectUsageError(() => make(bad), `${name}: period must be a whole number >= 1, got ${bad}`);
      }
      for (const n of [1, 2, 14]) expect(make(n).warmup).toBe(warmup(n));
    });
  }

  it('atr: bad periods throw; warm-up n', () => {
    for (const bad of BAD) {
      expectUsageError(() => new Atr(bad), `atr: period must be a whole number >= 1, got ${bad}`);
    }
    expect(new Atr(14).warmup).toBe(14);
  });

  it('macd: each period is checked, and fast may not exceed slow', () => {
    expectUsageError(() => new Macd(0, 26, 9), 'macd: fast period must be a whole number >= 1, got 0');
    expectUsageError(() => new Macd(12, 1.5, 9), 'macd: slow period must be a whole number >= 1, got 1.5');
    expectUsageError(() => new Macd(12, 26, -2), 'macd: signal period must be a whole number >= 1, got -2');
    expectUsageError(() => new Macd(26, 12, 9), 'macd: fast period must not exceed slow period, got fast 26, slow 12');
    expect(new Macd(12, 26, 9).warmup).toBe(33);
  });

  it('bbands: k must be finite and >= 0', () => {
    for (const k of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectUsageError(() => new Bbands(20, k), `bbands: k must be a finite number >= 0, got ${k}`);
    }
    expect(new Bbands(20).k).toBe(2);
  });

  it('runSeriesHlc rejects arrays of different lengths', () => {
    const a = new Float64Array(3);
    expectUsageError(
      () => runSeriesHlc(new Atr(2), a, new Float64Array(2), a),
      'runSeriesHlc: high, low and close must have the same length, got 3, 2, 3',
    );
  });
});

describe('reset and runSeries', () => {
  const x = randomWalk(3, 150);
  const all: { name: string; make: () => Indicator }[] = [
    ...periodic.map(({ name, make }) => ({ name, make: () => make(7) })),
    { name: 'macd', make: () => new Macd(3, 8, 4) },
  ];

  for (const { name, make } of all) {
    it(`${name}: after reset it behaves like a new instance`, () => {
      const used = make();
      runSeries(used, tieWalk(8, 37));
      used.reset();
      expect(runSeries(used, x)).toEqual(runSeries(make(), x));
    });
  }

  it('atr and crosses: after reset they behave like new instances', () => {
    const { high, low, close } = randomBars(4, 100);
    const atr = new Atr(5);
    runSeriesHlc(atr, high.subarray(0, 33), low.subarray(0, 33), close.subarray(0, 33));
    atr.reset();
    expect(runSeriesHlc(atr, high, low, close)).toEqual(runSeriesHlc(new Atr(5), high, low, close));

    const above = new CrossAbove();
    const below = new CrossBelow();
    above.update(1, 2);
    below.update(3, 2);
    above.reset();
    below.reset();
    expect(above.update(3, 2)).toBe(false);
    expect(below.update(1, 2)).toBe(false);
  });

  it('runSeries does not reset, so a series can be fed in pieces', () => {
    const whole = runSeries(new Rsi(14), x);
    const rsi = new Rsi(14);
    const first = runSeries(rsi, x.subarray(0, 60));
    const second = runSeries(rsi, x.subarray(60));
    expect(Float64Array.from([...first, ...second])).toEqual(whole);
  });
});
