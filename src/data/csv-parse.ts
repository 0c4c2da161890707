import type { VenueCalendar } from '../calendar/index.js';
import { allocateCandles, type Candles, type Timeframe } from '../core/index.js';
import { type ColumnMap, defaultColumns, isHeaderRow, mapHeader } from './csv-columns.js';
import { CsvError, ProblemCollector, quoteCell } from './csv-error.js';
import { splitCsvRows } from './csv-rows.js';
import { checkSpacing } from './csv-spacing.js';
import {
  formatTimestamp,
  parseNumberCell,
  parseTimestamp,
  TIMESTAMP_FORMAT_NAMES,
  type TimestampFormat,
} from './csv-timestamp.js';

export interface CsvParseOptions {
  /** The name used in messages; '<csv>' when not given. */
  readonly file?: string;
  /** The bar length the data should have; inferred from the most common spacing when not given. */
  readonly timeframe?: Timeframe;
  /** Treat gaps (missing bars) as problems instead of warnings. */
  readonly strictGaps?: boolean;
  /** The venue's calendar: closed hours are not gaps. */
  readonly calendar?: VenueCalendar;
}

export interface CsvParseResult {
  readonly candles: Candles;
  /** As given, or inferred; undefined when the spacing matches no known timeframe. */
  readonly timeframe: Timeframe | undefined;
  /** How the file wrote its times; undefined only when there were no rows to tell. */
  readonly timeFormat: TimestampFormat | undefined;
  /** Things worth knowing that do not stop the import, such as gaps: `<file>:<line>: <what>`. */
  readonly warnings: string[];
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Reads OHLCV bars from CSV text. Every problem is collected with its line number; if there are
 * any, one CsvError is thrown naming the first and listing all, and nothing is returned.
 */
export function parseCandlesCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const file = options.file ?? '<csv>';
  const { cells: rows, lines } = splitCsvRows(text, file);
  if (rows.length === 0) throw new CsvError(file, [{ line: 1, message: 'empty file, no header or rows' }]);

  const hasHeader = isHeaderRow(rows[0]);
  let columns: ColumnMap;
  if (hasHeader) {
    const mapped = mapHeader(rows[0], lines[0]);
    if (!mapped.columns) throw new CsvError(file, mapped.problems);
    columns = mapped.columns;
  } else {
    columns = defaultColumns(rows[0].length);
  }
  const first = hasHeader ? 1 : 0;
  const count = rows.length - first;
  if (count === 0) throw new CsvError(file, [{ line: lines[0], message: 'header only, no data rows' }]);

  const problems = new ProblemCollector(file);
  const candles = allocateCandles(count);
  const timeValid = new Uint8Array(count);
  const prices = [candles.open, candles.high, candles.low, candles.close];
  const priceColumns = [columns.open, columns.high, columns.low, columns.close];
  let timeFormat: TimestampFormat | undefined;
  let timeFormatLine = 0;
  let previousTime = Number.NaN;
  let previousLine = 0;

  for (let row = 0; row < count; row++) {
    const cells = rows[first + row];
    const line = lines[first + row];
    if (cells.length < columns.width) {
      problems.add(
        line,
        `row has ${cells.length} cell${cells.length === 1 ? '' : 's'}, expected at least ${columns.width}`,
      );
      continue;
    }

    const timeCell = cells[columns.time];
    const parsed = timeCell === '' ? undefined : parseTimestamp(timeCell);
    if (timeCell === '') problems.add(line, 'empty time');
    else if (!parsed) problems.add(line, `unparsable timestamp ${quoteCell(timeCell)}`);
    else if (timeFormat !== undefined && parsed.format !== timeFormat) {
      problems.add(
        line,
        `timestamp ${quoteCell(timeCell)} is ${TIMESTAMP_FORMAT_NAMES[parsed.format]}, but line ${timeFormatLine} uses ${TIMESTAMP_FORMAT_NAMES[timeFormat]}`,
      );
    } else {
      if (timeFormat === undefined) {
        timeFormat = parsed.format;
        timeFormatLine = line;
      }
      const time = parsed.ms;
      if (time === previousTime) {
        problems.add(line, `duplicate timestamp ${formatTimestamp(time)} (same as line ${previousLine})`);
      } else if (time < previousTime) {
        problems.add(
          line,
          `unsorted: ${formatTimestamp(time)} comes after ${formatTimestamp(previousTime)} on line ${previousLine}`,
        );
      } else {
        timeValid[row] = 1;
      }
      candles.time[row] = time;
      previousTime = time;
      previousLine = line;
    }

    let pricesValid = true;
    for (let k = 0; k < 4; k++) {
      const field = PRICE_FIELDS[k];
      const cell = cells[priceColumns[k]];
      const value = cell === '' ? undefined : parseNumberCell(cell);
      if (cell === '') problems.add(line, `empty ${field}`);
      else if (value === undefined) problems.add(line, `${field} is not a number: ${quoteCell(cell)}`);
      else if (!(value > 0)) problems.add(line, `${field} must be positive, got ${cell}`);
      else {
        prices[k][row] = value;
        continue;
      }
      pricesValid = false;
    }
    if (pricesValid) checkBar(candles, row, line, problems);

    const volumeCell = columns.volume >= 0 ? (cells[columns.volume] ?? '') : '';
    if (volumeCell !== '') {
      // An empty or absent volume reads as 0; a present one must be a number >= 0.
      const value = parseNumberCell(volumeCell);
      if (value === undefined) problems.add(line, `volume is not a number: ${quoteCell(volumeCell)}`);
      else if (value < 0) problems.add(line, `volume must not be negative, got ${volumeCell}`);
      else candles.volume[row] = value;
    }
  }

  const warnings: string[] = [];
  const timeframe = checkSpacing(
    {
      file,
      time: candles.time,
      timeValid,
      lineOf: (row) => lines[first + row],
      timeframe: options.timeframe,
      strictGaps: options.strictGaps ?? false,
      calendar: options.calendar,
    },
    problems,
    warnings,
  );
  problems.throwIfAny();
  return { candles, timeframe, timeFormat, warnings };
}

/** The bar's prices agree with each other: low <= open, close <= high. */
function checkBar(candles: Candles, row: number, line: number, problems: ProblemCollector): void {
  const open = candles.open[row];
  const high = candles.high[row];
  const low = candles.low[row];
  const close = candles.close[row];
  if (high < low) {
    problems.add(line, `high ${high} is below low ${low}`);
    return;
  }
  const top = Math.max(open, close);
  const bottom = Math.min(open, close);
  if (high < top) problems.add(line, `high ${high} is below ${open >= close ? 'open' : 'close'} ${top}`);
  if (low > bottom) problems.add(line, `low ${low} is above ${open <= close ? 'open' : 'close'} ${bottom}`);
}
