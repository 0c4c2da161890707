import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANDLE_COLUMNS, InputError, TIMEFRAMES } from '../../../src/core/index.js';
import {
  CSV_HEADER,
  CsvError,
  formatCandlesCsv,
  generateSandboxCandles,
  parseCandlesCsv,
  readCandlesCsv,
  SANDBOX_SYMBOLS,
  writeCandlesCsv,
} from '../../../src/data/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleet-csv-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('formatCandlesCsv', () => {
  it('writes a header, ISO-8601 UTC times and shortest round-trip numbers', () => {
    const candles = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 2 });
    const lines = formatCandlesCsv(candles).split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(CSV_HEADER).toBe('time,open,high,low,close,volume');
    expect(lines[1]).toBe(
      `2020-01-01T00:00:00Z,100,${candles.high[0]},${candles.low[0]},${candles.close[0]},${candles.volume[0]}`,
    );
    expect(lines[2].startsWith('2020-01-01T01:00:00Z,')).toBe(true);
    expect(lines[3]).toBe('');
  });

  it('round-trips every value of every instrument exactly (sandbox -> CSV -> parse)', () => {
    for (const symbol of SANDBOX_SYMBOLS) {
      const original = generateSandboxCandles({ symbol, timeframe: '15m', bars: 2000, seed: 11 });
      const { candles, timeframe, timeFormat, warnings } = parseCandlesCsv(formatCandlesCsv(original));
      expect(timeframe).toBe('15m');
      expect(timeFormat).toBe('iso');
      expect(warnings).toEqual([]);
      for (const column of CANDLE_COLUMNS) {
        expect(Buffer.from(candles[column].buffer).equals(Buffer.from(original[column].buffer))).toBe(true);
      }
    }
  });

  it('round-trips any instrument, timeframe, seed and start', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SANDBOX_SYMBOLS),
        fc.constantFrom(...TIMEFRAMES),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: Date.parse('2100-01-01') }),
        (symbol, timeframe, seed, start) => {
          const original = generateSandboxCandles({ symbol, timeframe, bars: 50, seed, start });
          const { candles, timeframe: inferred } = parseCandlesCsv(formatCandlesCsv(original));
          expect(inferred).toBe(timeframe);
          for (const column of CANDLE_COLUMNS)
            expect(Array.from(candles[column])).toEqual(Array.from(original[column]));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('writes only a header for no bars', () => {
    const empty = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 0 });
    expect(formatCandlesCsv(empty)).toBe(`${CSV_HEADER}\n`);
  });
});

describe('readCandlesCsv / writeCandlesCsv', () => {
  it('writes and reads back a file, naming it by path in messages', async () => {
    const path = join(dir, 'bars.csv');
    const original = generateSandboxCandles({ symbol: 'SBX-CYCLE', timeframe: '4h', bars: 500 });
    await writeCandlesCsv(path, original);
    const { candles, timeframe } = await readCandlesCsv(path);
    expect(timeframe).toBe('4h');
    expect(Array.from(candles.close)).toEqual(Array.from(original.close));
    // No temporary file is left behind.
    expect(await readdir(dir)).toEqual(['bars.csv']);

    await writeFile(path, `${CSV_HEADER}\n2024-01-01T00:00:00Z,1,2,0.5,oops,1\n`);
    await expect(readCandlesCsv(path)).rejects.toThrow(`${path}:2: close is not a number: 'oops'`);
    await expect(readCandlesCsv(path)).rejects.toBeInstanceOf(CsvError);
    await expect(readCandlesCsv(path, { file: 'bars.csv' })).rejects.toThrow(/^bars\.csv:2: /);
  });

  it('replaces an existing file', async () => {
    const path = join(dir, 'bars.csv');
    await writeFile(path, 'old content');
    await writeCandlesCsv(path, generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 3 }));
    expect((await readFile(path, 'utf8')).startsWith(CSV_HEADER)).toBe(true);
    expect(await readdir(dir)).toEqual(['bars.csv']);
  });

  it('passes the timeframe and strictGaps options through', async () => {
    const path = join(dir, 'gappy.csv');
    await writeFile(
      path,
      `${CSV_HEADER}\n2024-01-01T00:00:00Z,1,2,0.5,1.5,1\n2024-01-01T01:00:00Z,1,2,0.5,1.5,1\n2024-01-01T03:00:00Z,1,2,0.5,1.5,1\n`,
    );
    expect((await readCandlesCsv(path, { timeframe: '1h' })).warnings).toEqual([
      `${path}:4: gap of 1 bar after 2024-01-01T01:00:00Z`,
    ]);
    await expect(readCandlesCsv(path, { timeframe: '4h' })).rejects.toThrow(`${path}:2: bars are most often 1h apart`);
    await expect(readCandlesCsv(path, { timeframe: '1h', strictGaps: true })).rejects.toThrow(CsvError);
  });

  it('says "no such file" for a missing file, as an InputError', async () => {
    const path = join(dir, 'missing.csv');
    await expect(readCandlesCsv(path)).rejects.toThrow(new InputError(`${path}: no such file`));
    await expect(readCandlesCsv(path)).rejects.toBeInstanceOf(InputError);
  });

  it('creates missing folders on the way to the file', async () => {
    const path = join(dir, 'new', 'deeper', 'bars.csv');
    const candles = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: 3 });
    await writeCandlesCsv(path, candles);
    expect((await readCandlesCsv(path)).candles.close).toEqual(candles.close);
  });
});
