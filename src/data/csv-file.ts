import { readFile } from 'node:fs/promises';
import { type Candles, writeFileAtomic } from '../core/index.js';
import { formatCandlesCsv } from './csv-format.js';
import { type CsvParseOptions, type CsvParseResult, parseCandlesCsv } from './csv-parse.js';
import { fileError } from './file-error.js';

/** Reads and parses a CSV file; messages name the file by its path unless options.file says otherwise. */
export async function readCandlesCsv(path: string, options: CsvParseOptions = {}): Promise<CsvParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileError(path, error);
  }
  return parseCandlesCsv(text, { ...options, file: options.file ?? path });
}

/** Writes bars as CSV, atomically. */
export async function writeCandlesCsv(path: string, candles: Candles): Promise<void> {
  try {
    await writeFileAtomic(path, formatCandlesCsv(candles));
  } catch (error) {
    throw fileError(path, error);
  }
}
