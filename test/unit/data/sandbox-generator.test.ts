import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candles, TIMEFRAMES, timeframeMs, UsageError } from '../../../src/core/index.js';
import {
  generateSandboxCandles,
  SANDBOX_START,
  SANDBOX_SYMBOLS,
  SANDBOX_UNIVERSE,
  sandboxProfile,
} from '../../../src/data/index.js';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** The first bar that breaks an OHLCV rule, or undefined. */
function firstInvalidBar(c: Candles): string | undefined {
  for (let i = 0; i < c.length; i++) {
    const {
      open: o,
      high: h,
      low: l,
      close: cl,
      volume: v,
    } = {
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close: c.close[i],
      volume: c.volume[i],
    };
    const ok =
      Number.isFinite(o) &&
      Number.isFinite(h) &&
      Number.isFinite(l) &&
      Number.isFinite(cl) &&
      Number.isFinite(v) &&
      l > 0 &&
      h >= Math.max(o, cl) &&
      l <= Math.min(o, cl) &&
      v > 0;
    if (!ok) return `bar ${i}: o=${o} h=${h} l=${l} c=${cl} v=${v}`;
  }
  return undefined;
}

describe('generateSandboxCandles', () => {
  it('is deterministic: the same input gives byte-identical columns', () => {
    const a = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 5000, seed: 7 });
    const b = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 5000, seed: 7 });
    for (const column of COLUMNS) {
      expect(Buffer.from(a[column].buffer).equals(Buffer.from(b[column].buffer))).toBe(true);
    }
  });

  it('differs with the seed, the symbol and the timeframe', () => {
    const base = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 100, seed: 1 });
    const otherSeed = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 100, seed: 2 });
    const otherSymbol = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 100, seed: 1 });
    const otherTimeframe = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '4h', bars: 100, seed: 1 });
    // Compare returns so different start prices alone do not count as a difference.
    const returns = (c: Candles) => Array.from(c.close, (close, i) => close / c.open[i]);
    expect(returns(otherSeed)).not.toEqual(returns(base));
    expect(returns(otherSymbol)).not.toEqual(returns(base));
    expect(returns(otherTimeframe)).not.toEqual(returns(base));
  });

  it('defaults the seed to 0', () => {
    const implicit = generateSandboxCandles({ symbol: 'SBX-JUMPY', timeframe: '15m', bars: 200 });
    const explicit = generateSandboxCandles({ symbol: 'SBX-JUMPY', timeframe: '15m', bars: 200, seed: 0 });
    expect(Array.from(implicit.close)).toEqual(Array.from(explicit.close));
  });

  it('gives a prefix of the longer series when asked for fewer bars', () => {
    const long = generateSandboxCandles({ symbol: 'SBX-MEANREV', timeframe: '1h', bars: 3000, seed: 3 });
    const short = generateSandboxCandles({ symbol: 'SBX-MEANREV', timeframe: '1h', bars: 1000, seed: 3 });
    for (const column of COLUMNS) expect(Array.from(short[column])).toEqual(Array.from(long[column].subarray(0, 1000)));
  });

  it('starts every instrument at its profile start price', () => {
    for (const profile of SANDBOX_UNIVERSE) {
      const c = generateSandboxCandles({ symbol: profile.symbol, timeframe: '1d', bars: 1 });
      expect(c.open[0]).toBe(profile.startPrice);
    }
  });

  it('keeps OHLC valid on every bar of every instrument, for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(...SANDBOX_SYMBOLS), (seed, symbol) => {
        const candles = generateSandboxCandles({ symbol, timeframe: '1h', bars: 50_000, seed });
        expect(firstInvalidBar(candles)).toBeUndefined();
      }),
      { numRuns: 24 },
    );
  });

  it('keeps OHLC valid on every timeframe, including long bars', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(...TIMEFRAMES),
        fc.constantFrom(...SANDBOX_SYMBOLS),
        (seed, timeframe, symbol) => {
          const candles = generateSandboxCandles({ symbol, timeframe, bars: 5000, seed });
          expect(firstInvalidBar(candles)).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stays finite and positive over very long histories of trending instruments', () => {
    for (const symbol of ['SBX-TREND', 'SBX-BEAR']) {
      const c = generateSandboxCandles({ symbol, timeframe: '1w', bars: 100_000 });
      expect(firstInvalidBar(c)).toBeUndefined();
    }
  });

  it('spaces bars exactly one timeframe apart from 2020-01-01 by default', () => {
    for (const timeframe of ['1m', '1h', '4h', '1d'] as const) {
      const c = generateSandboxCandles({ symbol: 'SBX-QUIET', timeframe, bars: 1000 });
      expect(c.time[0]).toBe(SANDBOX_START);
      expect(SANDBOX_START).toBe(Date.parse('2020-01-01T00:00:00Z'));
      for (let i = 1; i < c.length; i++) expect(c.time[i] - c.time[i - 1]).toBe(timeframeMs(timeframe));
    }
  });

  it('aligns a given start up to the next bar boundary; weeks open on Monday', () => {
    const hourly = generateSandboxCandles({
      symbol: 'SBX-QUIET',
      timeframe: '1h',
      bars: 2,
      start: Date.parse('2024-03-05T10:20:00Z'),
    });
    expect(new Date(hourly.time[0]).toISOString()).toBe('2024-03-05T11:00:00.000Z');
    const weekly = generateSandboxCandles({ symbol: 'SBX-QUIET', timeframe: '1w', bars: 2 });
    expect(new Date(weekly.time[0]).toISOString()).toBe('2020-01-06T00:00:00.000Z');
    expect(new Date(weekly.time[0]).getUTCDay()).toBe(1);
  });

  it('makes volume higher in turbulent regimes and on big moves', () => {
    const c = generateSandboxCandles({ symbol: 'SBX-VOLATILE', timeframe: '1h', bars: 20_000, seed: 5 });
    const moves = Array.from(c.close, (close, i) => Math.abs(Math.log(close / c.open[i])));
    const sorted = [...moves].sort((a, b) => a - b);
    const big = sorted[Math.floor(sorted.length * 0.9)];
    const small = sorted[Math.floor(sorted.length * 0.5)];
    let bigVolume = 0;
    let bigCount = 0;
    let smallVolume = 0;
    let smallCount = 0;
    moves.forEach((move, i) => {
      if (move >= big) {
        bigVolume += c.volume[i];
        bigCount++;
      } else if (move <= small) {
        smallVolume += c.volume[i];
        smallCount++;
      }
    });
    expect(bigVolume / bigCount).toBeGreaterThan(2 * (smallVolume / smallCount));
  });

  it('returns an empty series for 0 bars and refuses nonsense counts', () => {
    expect(generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 0 }).length).toBe(0);
    expect(() => generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: -1 })).toThrow(UsageError);
    expect(() => generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 1.5 })).toThrow(UsageError);
  });
});

describe('sandbox universe', () => {
  it('has eight distinct instruments with descriptions and start prices', () => {
    expect(SANDBOX_SYMBOLS).toHaveLength(8);
    expect(new Set(SANDBOX_SYMBOLS).size).toBe(8);
    for (const profile of SANDBOX_UNIVERSE) {
      expect(profile.description.length).toBeGreaterThan(10);
      expect(profile.startPrice).toBeGreaterThan(0);
      expect(profile.regimes.length).toBeGreaterThanOrEqual(1);
      expect(profile.regimes.length).toBeLessThanOrEqual(3);
    }
    expect(SANDBOX_SYMBOLS).toEqual(
      expect.arrayContaining([
        'SBX-TREND',
        'SBX-BEAR',
        'SBX-MEANREV',
        'SBX-VOLATILE',
        'SBX-QUIET',
        'SBX-JUMPY',
        'SBX-CYCLE',
        'SBX-WALK',
      ]),
    );
  });

  it('looks profiles up by symbol', () => {
    expect(sandboxProfile('SBX-CYCLE').cycle?.periodDays).toBe(30);
  });

  it('rejects an unknown symbol with a suggestion and the valid names', () => {
    expect(() => sandboxProfile('SBX-TRND')).toThrow(UsageError);
    expect(() => sandboxProfile('SBX-TRND')).toThrow(
      "unknown sandbox symbol 'SBX-TRND'; did you mean 'SBX-TREND'? (valid: SBX-TREND, SBX-BEAR, SBX-MEANREV, SBX-VOLATILE, SBX-QUIET, SBX-JUMPY, SBX-CYCLE, SBX-WALK)",
    );
    expect(() => sandboxProfile('sbx-walk')).toThrow("did you mean 'SBX-WALK'?");
    expect(() => generateSandboxCandles({ symbol: 'BTC/USDT', timeframe: '1h', bars: 10 })).toThrow(
      /^unknown sandbox symbol 'BTC\/USDT' \(valid: SBX-TREND/,
    );
  });
});
