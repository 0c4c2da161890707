import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allocateCandles,
  CANDLE_COLUMNS,
  type CandleCache,
  type CandleKey,
  type Candles,
  sliceCandles,
} from '../core/index.js';

/** One implementation of the CandleCache port, empty, for one case of the suite. */
export interface CandleCacheRig {
  readonly cache: CandleCache;
  /** Another cache over the same storage: what a later process opens. */
  reopen(): Promise<CandleCache>;
  /** Releases what the setup made. */
  close?(): Promise<void>;
}

/** Makes a rig on empty storage; called before every case of the suite. */
export type CandleCacheRigSetup = () => Promise<CandleCacheRig>;

const KEY: CandleKey = { source: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };

/** `count` hourly bars from a seeded formula, with values a text round trip would not keep. */
export function conformanceCandles(count: number, seed = 1): Candles {
  const candles = allocateCandles(count);
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  for (let i = 0; i < count; i++) {
    candles.time[i] = 1_600_000_000_000 + i * 3_600_000;
    candles.open[i] = 100 + next();
    candles.high[i] = 101 + next();
    candles.low[i] = 99 - next();
    candles.close[i] = 100 + next() / 3;
    candles.volume[i] = next() * 1e9;
  }
  if (count > 3) {
    candles.volume[0] = -0;
    candles.volume[1] = Number.NaN;
    candles.volume[2] = Number.MIN_VALUE;
    candles.close[3] = Number.MAX_VALUE;
  }
  return candles;
}

/** Expects `actual` to hold `expected` exactly to the bit, column by column. */
export function expectSameCandles(actual: Candles | undefined, expected: Candles): void {
  expect(actual?.length).toBe(expected.length);
  for (const column of CANDLE_COLUMNS) {
    const a = new Uint8Array((actual as Candles)[column].slice().buffer);
    const b = new Uint8Array(expected[column].slice().buffer);
    expect(Buffer.from(a).equals(Buffer.from(b)), column).toBe(true);
  }
}

/**
 * What every candle cache promises (the `CandleCache` port): bars back exactly to the bit, under
 * their own key only, replaced by a later put, listed, kept as a copy, and there for a later
 * process. Call it once per implementation, at the top level of a vitest file.
 */
export function describeCandleCacheConformance(name: string, setup: CandleCacheRigSetup): void {
  describe(`CandleCache conformance: ${name}`, () => {
    let rig: CandleCacheRig;
    let cache: CandleCache;
    beforeEach(async () => {
      rig = await setup();
      cache = rig.cache;
    });
    afterEach(async () => {
      await rig?.close?.();
    });

    it('round-trips bars exactly to the bit, for a later cache over the same storage too', async () => {
      const candles = conformanceCandles(1000);
      await cache.put(KEY, candles);
      expectSameCandles(await cache.get(KEY), candles);
      expectSameCandles(await (await rig.reopen()).get(KEY), candles);
    });

    it('returns undefined for a key it does not hold', async () => {
      expect(await cache.get(KEY)).toBeUndefined();
      await cache.put(KEY, conformanceCandles(10));
      expect(await cache.get({ ...KEY, timeframe: '4h' })).toBeUndefined();
      expect(await cache.get({ ...KEY, source: 'kraken' })).toBeUndefined();
      expect(await cache.get({ ...KEY, symbol: 'BTC_USDT' })).toBeUndefined();
    });

    it('replaces what is stored under a key, longer or shorter', async () => {
      await cache.put(KEY, conformanceCandles(100, 1));
      const shorter = conformanceCandles(40, 2);
      await cache.put(KEY, shorter);
      expectSameCandles(await cache.get(KEY), shorter);
      const longer = conformanceCandles(300, 3);
      await cache.put(KEY, longer);
      expectSameCandles(await cache.get(KEY), longer);
      expect(await cache.list()).toEqual([KEY]);
      // An empty series leaves no bars under the key (an empty series or none at all).
      await cache.put(KEY, conformanceCandles(0));
      expect((await cache.get(KEY))?.length ?? 0).toBe(0);
    });

    it('lists the keys it holds', async () => {
      expect(await cache.list()).toEqual([]);
      const others: CandleKey[] = [
        { source: 'sandbox', symbol: 'SBX-TREND', timeframe: '1d' },
        { ...KEY, timeframe: '15m' },
      ];
      for (const key of [KEY, ...others]) await cache.put(key, conformanceCandles(5));
      const keys = await cache.list();
      expect(keys).toHaveLength(3);
      expect(keys).toEqual(expect.arrayContaining([KEY, ...others]));
    });

    it("stores a copy, unaffected by later changes to the caller's arrays, and takes views", async () => {
      const candles = conformanceCandles(50);
      const view = sliceCandles(candles, 10, 30);
      const expected = sliceCandles(conformanceCandles(50), 10, 30);
      await cache.put(KEY, view);
      candles.close.fill(1);
      expectSameCandles(await cache.get(KEY), expected);
      const read = await cache.get(KEY);
      read?.close.fill(2);
      expectSameCandles(await cache.get(KEY), expected);
    });
  });
}
