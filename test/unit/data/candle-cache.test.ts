import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANDLE_COLUMNS, type CandleKey, type Candles, InputError, UsageError } from '../../../src/core/index.js';
import { FileCandleCache, generateSandboxCandles } from '../../../src/data/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleet-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY: CandleKey = { source: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const bars = (count: number, seed = 0) =>
  generateSandboxCandles({ symbol: 'SBX-VOLATILE', timeframe: '1h', bars: count, seed });

function expectSame(actual: Candles | undefined, expected: Candles): void {
  expect(actual).toBeDefined();
  expect(actual?.length).toBe(expected.length);
  for (const column of CANDLE_COLUMNS) expect(Array.from(actual?.[column] ?? [])).toEqual(Array.from(expected[column]));
}

// The CandleCache contract (round trips, keys, replacing, listing, copies) is checked for every
// cache by test/conformance/candle-cache.test.ts; these are the file cache's own.
describe('FileCandleCache on disk', () => {
  it('keeps one file per key at dir/<source>/<symbol>_<timeframe>.bin', async () => {
    const cache = new FileCandleCache(dir);
    await cache.put(KEY, bars(10));
    expect(cache.pathOf(KEY)).toBe(join(dir, 'binance', 'BTC_USDT_1h.bin'));
    expect(await readdir(join(dir, 'binance'))).toEqual(['BTC_USDT_1h.bin']);
    // The six Float64 columns plus a small header.
    const size = (await stat(cache.pathOf(KEY))).size;
    expect(size).toBeGreaterThan(6 * 10 * 8);
    expect(size).toBeLessThan(6 * 10 * 8 + 256);
  });

  it('reads data written by another instance', async () => {
    const candles = bars(300);
    await new FileCandleCache(dir).put(KEY, candles);
    expectSame(await new FileCandleCache(dir).get(KEY), candles);
    expect(await new FileCandleCache(dir).list()).toEqual([KEY]);
  });

  it('loads a million bars from one read', async () => {
    const cache = new FileCandleCache(dir);
    const candles = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1m', bars: 1_000_000 });
    await cache.put(KEY, candles);
    const loaded = await cache.get(KEY);
    expect(loaded?.length).toBe(1_000_000);
    expect(loaded?.close[999_999]).toBe(candles.close[999_999]);
    expect(loaded?.time[123_456]).toBe(candles.time[123_456]);
  });

  it("does not hand out one symbol's bars for another that maps to the same file name", async () => {
    const cache = new FileCandleCache(dir);
    await cache.put(KEY, bars(10));
    expect(await cache.get({ ...KEY, symbol: 'BTC_USDT' })).toBeUndefined();
  });

  it('ignores temporary files left by an interrupted write', async () => {
    const cache = new FileCandleCache(dir);
    await cache.put(KEY, bars(10));
    await writeFile(join(dir, 'binance', '.BTC_USDT_1h.bin.abc123.tmp'), 'partial');
    expect(await cache.list()).toEqual([KEY]);
  });

  it('refuses a truncated file with an InputError naming it', async () => {
    const cache = new FileCandleCache(dir);
    await cache.put(KEY, bars(100));
    const path = cache.pathOf(KEY);
    await truncate(path, (await stat(path)).size - 8);
    await expect(cache.get(KEY)).rejects.toThrow(InputError);
    await expect(cache.get(KEY)).rejects.toThrow(
      new RegExp(`^${escapeRegExp(path)}: corrupt candle cache file: .*truncated`),
    );
  });

  it('refuses garbage and a cut-off header, in get and in list', async () => {
    const cache = new FileCandleCache(dir);
    const path = cache.pathOf(KEY);
    await mkdir(join(dir, 'binance'), { recursive: true });
    await writeFile(path, 'this is not a candle file at all');
    await expect(cache.get(KEY)).rejects.toThrow(`${path}: corrupt candle cache file: not a fleet candle file`);
    await expect(cache.list()).rejects.toThrow(InputError);

    await cache.put(KEY, bars(5));
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, 20));
    await expect(cache.get(KEY)).rejects.toThrow(`${path}: corrupt candle cache file: truncated header`);
    await expect(cache.list()).rejects.toThrow(`${path}: corrupt candle cache file: truncated header`);
  });

  it('refuses keys that would escape the directory', async () => {
    const cache = new FileCandleCache(dir);
    await expect(cache.put({ ...KEY, source: '../elsewhere' }, bars(1))).rejects.toThrow(UsageError);
    await expect(cache.get({ ...KEY, source: '..' })).rejects.toThrow(UsageError);
    expect(cache.pathOf({ ...KEY, symbol: '../../etc' })).toBe(join(dir, 'binance', '_._.._etc_1h.bin'));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
