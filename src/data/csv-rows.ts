import { createRequire } from 'node:module';
import { CsvError } from './csv-error.js';

/** Non-blank rows of a CSV text, each with the 1-based line it came from. */
export interface CsvRows {
  readonly cells: string[][];
  readonly lines: number[];
}

const DELIMITERS = [',', ';', '\t'] as const;

// csv-parse is loaded only for quoted files, the only ones it is needed for (see below).
const require = createRequire(import.meta.url);
const csvParse = (): typeof import('csv-parse/sync') => require('csv-parse/sync');

/** The most frequent of comma, semicolon and tab on the first line; comma when in doubt. */
export function detectDelimiter(firstLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

export function splitCsvRows(input: string, file: string): CsvRows {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const firstLine = /^[^\n]*\S[^\n]*$/m.exec(text)?.[0] ?? '';
  const delimiter = detectDelimiter(firstLine);
  // Candle exports rarely quote anything; splitting such text directly is several times faster
  // than csv-parse on large files. Anything quoted goes through csv-parse for the full rules.
  return text.includes('"') ? splitQuoted(text, delimiter, file) : splitPlain(text, delimiter);
}

function splitPlain(text: string, delimiter: string): CsvRows {
  const cells: string[][] = [];
  const lines: number[] = [];
  const rawLines = text.split('\n');
  for (let index = 0; index < rawLines.length; index++) {
    const line = rawLines[index];
    if (line.trim() === '') continue;
    const row = line.split(delimiter);
    for (let j = 0; j < row.length; j++) row[j] = row[j].trim();
    cells.push(row);
    lines.push(index + 1);
  }
  return { cells, lines };
}

function splitQuoted(text: string, delimiter: string, file: string): CsvRows {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse returns {record, info} objects; its typings only know plain rows.
    records = csvParse().parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CsvError(file, [{ line, message: `malformed CSV: ${reason}` }]);
  }
  const cells: string[][] = [];
  const lines: number[] = [];
  for (const { record, info } of records) {
    // A whitespace-only line comes back as one empty cell; the plain path skips those too.
    if (record.length === 1 && record[0] === '') continue;
    cells.push(record);
    lines.push(info.lines);
  }
  return { cells, lines };
}
