import type { CsvProblem } from './csv-error.js';
import { parseNumberCell, parseTimestamp } from './csv-timestamp.js';

export type CsvField = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** Where each field sits in a row; volume is -1 when the file has none. */
export interface ColumnMap {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** How many cells a row needs to hold every required field. */
  readonly width: number;
}

const ALIASES: Record<CsvField, readonly string[]> = {
  time: ['time', 'timestamp', 'date', 'datetime', 'open_time', 'ts'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
};
const REQUIRED = ['time', 'open', 'high', 'low', 'close'] as const;

/** A header has at least one cell that is neither a number nor a time. */
export function isHeaderRow(cells: readonly string[]): boolean {
  return cells.some((cell) => cell !== '' && parseNumberCell(cell) === undefined && parseTimestamp(cell) === undefined);
}

/** Without a header: time, open, high, low, close and, if the first row has a sixth cell, volume. */
export function defaultColumns(firstRowWidth: number): ColumnMap {
  return { time: 0, open: 1, high: 2, low: 3, close: 4, volume: firstRowWidth > 5 ? 5 : -1, width: 5 };
}

export function mapHeader(cells: readonly string[], line: number): { columns?: ColumnMap; problems: CsvProblem[] } {
  const found: Partial<Record<CsvField, number>> = {};
  const problems: CsvProblem[] = [];
  cells.forEach((cell, index) => {
    const name = cell.toLowerCase().replace(/[\s-]+/g, '_');
    const field = (Object.keys(ALIASES) as CsvField[]).find((key) => ALIASES[key].includes(name));
    if (!field) return; // extra columns are allowed and ignored
    const earlier = found[field];
    if (earlier !== undefined) {
      problems.push({
        line,
        message: `columns '${cells[earlier]}' and '${cell}' both name the ${field} column; keep one`,
      });
      return;
    }
    found[field] = index;
  });
  for (const field of REQUIRED) {
    if (found[field] === undefined) {
      problems.push({ line, message: `no ${field} column (expected one of: ${ALIASES[field].join(', ')})` });
    }
  }
  if (problems.length > 0) return { problems };
  const { time = 0, open = 0, high = 0, low = 0, close = 0, volume = -1 } = found;
  return {
    columns: { time, open, high, low, close, volume, width: Math.max(time, open, high, low, close) + 1 },
    problems,
  };
}
