import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.js';
import { CsvError, type CsvParseOptions, parseCandlesCsv } from '../../../src/data/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/csv');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** The CsvError a parse throws (failing the test if it does not throw one). */
function failure(text: string, options: CsvParseOptions = { file: 'data.csv' }): CsvError {
  try {
    parseCandlesCsv(text, options);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

const HEADER = 'time,open,high,low,close,volume';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseCandlesCsv: formats', () => {
  it('reads ISO times with a header', () => {
    const { candles, timeFormat, timeframe, warnings } = parseCandlesCsv(
      csv('2024-01-01T00:00:00Z,100,101,99,100.5,10', '2024-01-01T01:00:00Z,100.5,102,100,101,11'),
    );
    expect(candles.length).toBe(2);
    expect(candles.time[1]).toBe(Date.parse('2024-01-01T01:00:00Z'));
    expect(Array.from(candles.close)).toEqual([100.5, 101]);
    expect(Array.from(candles.volume)).toEqual([10, 11]);
    expect(timeFormat).toBe('iso');
    expect(timeframe).toBe('1h');
    expect(warnings).toEqual([]);
  });

  it('tells epoch seconds from epoch milliseconds and ISO, and records which', () => {
    const seconds = parseCandlesCsv(fixture('seconds-no-header.csv'));
    const millis = parseCandlesCsv(
      '1704067200000,100,101,99,100.5,5\n1704070800000,100.5,102,100,101,6\n1704074400000,101,101.5,100.2,100.8,7\n',
    );
    const iso = parseCandlesCsv(
      '2024-01-01T00:00:00Z,100,101,99,100.5,5\n2024-01-01T01:00:00Z,100.5,102,100,101,6\n2024-01-01T02:00:00Z,101,101.5,100.2,100.8,7\n',
    );
    expect(seconds.timeFormat).toBe('seconds');
    expect(millis.timeFormat).toBe('milliseconds');
    expect(iso.timeFormat).toBe('iso');
    expect(Array.from(seconds.candles.time)).toEqual(Array.from(millis.candles.time));
    expect(Array.from(iso.candles.time)).toEqual(Array.from(millis.candles.time));
    expect(Array.from(seconds.candles.close)).toEqual(Array.from(millis.candles.close));
    expect(seconds.timeframe).toBe('1h');
  });

  it('reads ISO variants: no zone (UTC), offsets, a space separator, fractions, a bare date', () => {
    const at = (cell: string) => parseCandlesCsv(`${HEADER}\n${cell},1,1,1,1,1`).candles.time[0];
    const utc = Date.parse('2024-01-05T10:00:00Z');
    expect(at('2024-01-05T10:00:00Z')).toBe(utc);
    expect(at('2024-01-05T10:00:00')).toBe(utc);
    expect(at('2024-01-05 10:00:00')).toBe(utc);
    expect(at('2024-01-05T10:00')).toBe(utc);
    expect(at('2024-01-05T12:00:00+02:00')).toBe(utc);
    expect(at('2024-01-05T05:30:00-0430')).toBe(utc);
    expect(at('2024-01-05T10:00:00.250Z')).toBe(utc + 250);
    expect(at('2024-01-05')).toBe(Date.parse('2024-01-05T00:00:00Z'));
  });

  it('accepts a semicolon delimiter and other header names (date, o/h/l/c, vol)', () => {
    const { candles, timeframe } = parseCandlesCsv(fixture('semicolon.csv'));
    expect(candles.length).toBe(3);
    expect(Array.from(candles.high)).toEqual([110, 112, 111]);
    expect(timeframe).toBe('1d');
    const short = parseCandlesCsv('ts;o;h;l;c;vol\n1704067200;1;2;0.5;1.5;3\n');
    expect(short.candles.close[0]).toBe(1.5);
    expect(short.candles.volume[0]).toBe(3);
  });

  it('accepts a tab delimiter', () => {
    const { candles } = parseCandlesCsv('time\topen\thigh\tlow\tclose\n1704067200\t1\t2\t0.5\t1.5\n');
    expect(candles.low[0]).toBe(0.5);
  });

  it('maps columns in any order, case-insensitively, ignoring extra ones', () => {
    const { candles } = parseCandlesCsv(fixture('reordered-header.csv'));
    expect(Array.from(candles.open)).toEqual([100, 101, 102]);
    expect(Array.from(candles.high)).toEqual([102, 103, 102.5]);
    expect(Array.from(candles.low)).toEqual([99, 100, 100.5]);
    expect(Array.from(candles.close)).toEqual([101, 102, 101.5]);
    expect(Array.from(candles.volume)).toEqual([10, 12, 8]);
    const upper = parseCandlesCsv('TIMESTAMP,Open,HIGH,Low,CLOSE\n1704067200000,1,2,0.5,1.5\n');
    expect(upper.candles.high[0]).toBe(2);
  });

  it('reads volume 0 when there is no volume column', () => {
    const { candles } = parseCandlesCsv('time,open,high,low,close\n1704067200,1,2,0.5,1.5\n1704070800,1,2,0.5,1.5\n');
    expect(Array.from(candles.volume)).toEqual([0, 0]);
    const headerless = parseCandlesCsv('1704067200,1,2,0.5,1.5\n');
    expect(headerless.candles.volume[0]).toBe(0);
  });

  it('handles quoted cells, a byte-order mark, CRLF and blank lines, keeping line numbers right', () => {
    const quoted = parseCandlesCsv(fixture('quoted.csv'));
    expect(Array.from(quoted.candles.close)).toEqual([100.5, 101]);
    const crlf = parseCandlesCsv(
      `\uFEFF${HEADER}\r\n\r\n2024-01-01T00:00:00Z,1,2,0.5,1.5,1\r\n2024-01-01T01:00:00Z,1,2,0.5,1.5,1\r\n`,
    );
    expect(crlf.candles.length).toBe(2);
    const plainError = failure(
      `${HEADER}\n\n2024-01-01T00:00:00Z,1,2,0.5,1.5,1\n\n2024-01-01T01:00:00Z,x,2,0.5,1.5,1\n`,
    );
    const quotedError = failure(
      `${HEADER}\n\n"2024-01-01T00:00:00Z",1,2,0.5,1.5,1\n\n"2024-01-01T01:00:00Z",x,2,0.5,1.5,1\n`,
    );
    expect(plainError.message).toBe("data.csv:5: open is not a number: 'x'");
    expect(quotedError.message).toBe(plainError.message);
  });

  it('reports malformed quoting with its line', () => {
    expect(
      failure(`${HEADER}\n2024-01-01T00:00:00Z,1,2,0.5,1.5,1\n"2024-01-01T01:00:00Z,1,2,0.5,1.5,1\n`).message,
    ).toMatch(/^data\.csv:\d+: malformed CSV: /);
  });
});

describe('parseCandlesCsv: problems', () => {
  it('reports every kind of bad row with its line, first one in the message', () => {
    const error = failure(fixture('bad-rows.csv'), { file: 'bad-rows.csv' });
    expect(error).toBeInstanceOf(InputError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe("bad-rows.csv:3: open is not a number: 'abc' (and 9 more problems)");
    expect(error.message).not.toContain('\n');
    expect(error.problems).toEqual([
      { line: 3, message: "open is not a number: 'abc'" },
      { line: 4, message: 'empty high' },
      { line: 5, message: 'open must be positive, got 0' },
      { line: 6, message: 'high 98 is below low 99' },
      { line: 7, message: 'high 100.5 is below close 101' },
      { line: 8, message: 'low 100.5 is above open 100' },
      { line: 9, message: 'volume must not be negative, got -1' },
      { line: 10, message: "unparsable timestamp '2024-01-01T99:00:00Z'" },
      { line: 12, message: 'duplicate timestamp 2024-01-01T08:00:00Z (same as line 11)' },
      { line: 13, message: 'unsorted: 2024-01-01T07:30:00Z comes after 2024-01-01T08:00:00Z on line 12' },
    ]);
    expect(error.problemCount).toBe(10);
  });

  it.each([
    ['non-number', '2024-01-01T00:00:00Z,1,abc,0.5,1.5,1', "data.csv:2: high is not a number: 'abc'"],
    [
      'hex is not a decimal number',
      '2024-01-01T00:00:00Z,1,0x10,0.5,1.5,1',
      "data.csv:2: high is not a number: '0x10'",
    ],
    ['empty required cell', '2024-01-01T00:00:00Z,1,2,,1.5,1', 'data.csv:2: empty low'],
    ['empty time', ',1,2,0.5,1.5,1', 'data.csv:2: empty time'],
    ['negative price', '2024-01-01T00:00:00Z,1,2,0.5,-1.5,1', 'data.csv:2: close must be positive, got -1.5'],
    ['high below low', '2024-01-01T00:00:00Z,1,0.4,0.5,0.45,1', 'data.csv:2: high 0.4 is below low 0.5'],
    ['high below open', '2024-01-01T00:00:00Z,3,2,0.5,1.5,1', 'data.csv:2: high 2 is below open 3'],
    ['low above close', '2024-01-01T00:00:00Z,1,2,0.5,0.4,1', 'data.csv:2: low 0.5 is above close 0.4'],
    ['negative volume', '2024-01-01T00:00:00Z,1,2,0.5,1.5,-3', 'data.csv:2: volume must not be negative, got -3'],
    ['bad volume', '2024-01-01T00:00:00Z,1,2,0.5,1.5,lots', "data.csv:2: volume is not a number: 'lots'"],
    ['unparsable time', 'yesterday,1,2,0.5,1.5,1', "data.csv:2: unparsable timestamp 'yesterday'"],
    ['impossible date', '2023-02-29,1,2,0.5,1.5,1', "data.csv:2: unparsable timestamp '2023-02-29'"],
    ['short row', '2024-01-01T00:00:00Z,1,2', 'data.csv:2: row has 3 cells, expected at least 5'],
  ])('%s', (_, row, message) => {
    expect(failure(csv(row)).message).toBe(message);
  });

  it('tells a duplicate timestamp from an unsorted one, naming the earlier line', () => {
    const duplicate = failure(csv('1704067200,1,2,0.5,1.5,1', '1704070800,1,2,0.5,1.5,1', '1704070800,1,2,0.5,1.5,1'));
    expect(duplicate.message).toBe('data.csv:4: duplicate timestamp 2024-01-01T01:00:00Z (same as line 3)');
    const unsorted = failure(csv('1704070800,1,2,0.5,1.5,1', '1704067200,1,2,0.5,1.5,1'));
    expect(unsorted.message).toBe(
      'data.csv:3: unsorted: 2024-01-01T00:00:00Z comes after 2024-01-01T01:00:00Z on line 2',
    );
  });

  it('refuses timestamps of mixed formats', () => {
    expect(failure(csv('1704067200,1,2,0.5,1.5,1', '1704070800000,1,2,0.5,1.5,1')).message).toBe(
      "data.csv:3: timestamp '1704070800000' is epoch milliseconds, but line 2 uses epoch seconds",
    );
  });

  it('refuses an empty file and a header-only file', () => {
    expect(failure('').message).toBe('data.csv:1: empty file, no header or rows');
    expect(failure(fixture('empty.csv')).message).toBe('data.csv:1: empty file, no header or rows');
    expect(failure('\n  \n').message).toBe('data.csv:1: empty file, no header or rows');
    expect(failure(fixture('header-only.csv')).message).toBe('data.csv:1: header only, no data rows');
  });

  it('names a missing required column, and ambiguous ones', () => {
    const missing = failure('time,open,high,low,volume\n1704067200,1,2,0.5,1\n');
    expect(missing.message).toBe('data.csv:1: no close column (expected one of: close, c)');
    const twice = failure('date,time,open,high,low,close\n2024-01-01,10:00,1,2,0.5,1.5\n');
    expect(twice.message).toBe("data.csv:1: columns 'date' and 'time' both name the time column; keep one");
  });

  it('counts problems in the one-line message, singular and plural', () => {
    expect(failure(csv('x,1,2,0.5,1.5,1', 'y,1,2,0.5,1.5,1')).message).toBe(
      "data.csv:2: unparsable timestamp 'x' (and 1 more problem)",
    );
  });

  it('uses <csv> as the file name when none is given', () => {
    expect(failure(csv('x,1,2,0.5,1.5,1'), {}).message).toBe("<csv>:2: unparsable timestamp 'x'");
  });

  it('throws and returns nothing when any row is bad', () => {
    let result: unknown;
    expect(() => {
      result = parseCandlesCsv(csv('2024-01-01T00:00:00Z,1,2,0.5,1.5,1', '2024-01-01T01:00:00Z,1,2,0.5,9,1'));
    }).toThrow(CsvError);
    expect(result).toBeUndefined();
  });
});

describe('parseCandlesCsv: spacing and gaps', () => {
  it('reports gaps as warnings with line numbers, and infers the timeframe', () => {
    const { timeframe, warnings, candles } = parseCandlesCsv(fixture('gaps.csv'), { file: 'data.csv' });
    expect(candles.length).toBe(7);
    expect(timeframe).toBe('1h');
    expect(warnings).toEqual([
      'data.csv:6: gap of 3 bars after 2024-01-05T10:00:00Z',
      'data.csv:8: gap of 1 bar after 2024-01-05T15:00:00Z',
    ]);
  });

  it('turns gaps into problems with strictGaps', () => {
    const error = failure(fixture('gaps.csv'), { file: 'data.csv', strictGaps: true });
    expect(error.message).toBe('data.csv:6: gap of 3 bars after 2024-01-05T10:00:00Z (and 1 more problem)');
    expect(error.problems.map((p) => p.line)).toEqual([6, 8]);
  });

  it('checks spacing against a given timeframe', () => {
    const rows = csv(
      '2024-01-01T00:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T01:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T02:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T06:00:00Z,1,2,0.5,1.5,1',
    );
    expect(parseCandlesCsv(rows, { timeframe: '1h', file: 'data.csv' }).warnings).toEqual([
      'data.csv:5: gap of 3 bars after 2024-01-01T02:00:00Z',
    ]);
    // Data of another bar length is one problem, not a gap on every row.
    expect(failure(rows, { file: 'data.csv', timeframe: '1d' }).message).toBe(
      'data.csv:2: bars are most often 1h apart, but the timeframe is 1d',
    );
    expect(failure(rows, { file: 'data.csv', timeframe: '15m' }).problems).toHaveLength(1);
  });

  it('refuses a bar closer than the timeframe', () => {
    const rows = csv(
      '2024-01-01T00:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T01:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T01:30:00Z,1,2,0.5,1.5,1',
      '2024-01-01T02:30:00Z,1,2,0.5,1.5,1',
      '2024-01-01T03:30:00Z,1,2,0.5,1.5,1',
    );
    expect(failure(rows).message).toBe('data.csv:4: bar only 30m after line 3, less than one 1h bar');
  });

  it('refuses bars off the timeframe grid', () => {
    const rows = csv(
      '2024-01-01T00:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T01:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T02:00:00Z,1,2,0.5,1.5,1',
      '2024-01-01T03:30:00Z,1,2,0.5,1.5,1',
    );
    expect(failure(rows).message).toBe('data.csv:5: bar 90m after line 4, not a whole number of 1h bars');
  });

  it('leaves the timeframe undefined when the spacing matches none, with a warning', () => {
    const rows = csv('2024-01-01T00:00:00Z,1,2,0.5,1.5,1', '2024-01-01T00:07:00Z,1,2,0.5,1.5,1');
    const { timeframe, warnings } = parseCandlesCsv(rows, { file: 'data.csv' });
    expect(timeframe).toBeUndefined();
    expect(warnings).toEqual(['data.csv: bars are most often 7m apart, which is no known timeframe; gaps not checked']);
  });

  it('leaves the timeframe undefined for a single bar unless given', () => {
    expect(parseCandlesCsv(csv('2024-01-01T00:00:00Z,1,2,0.5,1.5,1')).timeframe).toBeUndefined();
    expect(parseCandlesCsv(csv('2024-01-01T00:00:00Z,1,2,0.5,1.5,1'), { timeframe: '1d' }).timeframe).toBe('1d');
  });
});
