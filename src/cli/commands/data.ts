import { InputError, parseTimeframe } from '../../core/index.js';
import {
  CsvError,
  formatCandlesCsv,
  generateSandboxCandles,
  type ImportCsvResult,
  importCandlesCsv,
  SANDBOX_UNIVERSE,
  sandboxProfile,
  writeCandlesCsv,
} from '../../data/index.js';
import { wholeNumber } from '../flags.js';
import { counted, isoDate, table } from '../render.js';
import { stderr, stdout } from '../terminal.js';
import { reportMigrated } from './database-notices.js';

interface SandboxFlags {
  symbol: string;
  timeframe: string;
  bars: string;
  seed: string;
  venue?: string;
  out?: string;
  json?: boolean;
}

export async function dataSandboxCommand(flags: SandboxFlags): Promise<void> {
  const timeframe = parseTimeframe(flags.timeframe);
  sandboxProfile(flags.symbol);
  const candles = generateSandboxCandles({
    symbol: flags.symbol,
    timeframe,
    bars: wholeNumber('--bars', flags.bars, 1) as number,
    seed: wholeNumber('--seed', flags.seed, 0),
    venue: flags.venue,
  });
  const summary = {
    symbol: flags.symbol,
    timeframe,
    ...(flags.venue === undefined ? {} : { venue: flags.venue.toUpperCase() }),
    bars: candles.length,
    from: new Date(candles.time[0]).toISOString(),
    to: new Date(candles.time[candles.length - 1]).toISOString(),
    file: flags.out ?? null,
  };
  if (flags.out) await writeCandlesCsv(flags.out, candles);
  if (flags.json) stdout.json(summary);
  else if (flags.out) stdout.line(`wrote ${summary.bars} ${timeframe} bars of ${flags.symbol} to ${flags.out}`);
  else stdout.write(formatCandlesCsv(candles));
}

export function dataUniverseCommand(flags: { json?: boolean }): void {
  const rows = SANDBOX_UNIVERSE.map((p) => ({
    symbol: p.symbol,
    description: p.description,
    startPrice: p.startPrice,
  }));
  if (flags.json) {
    stdout.json(rows);
    return;
  }
  stdout.line(
    table(rows, [
      { header: 'symbol', value: (r) => r.symbol },
      { header: 'start', value: (r) => String(r.startPrice), align: 'right' },
      { header: 'character', value: (r) => r.description },
    ]),
  );
}

interface ImportFlags {
  symbol: string;
  timeframe?: string;
  strictGaps?: boolean;
  venue?: string;
  cache: string;
  json?: boolean;
}

export async function dataImportCommand(file: string, flags: ImportFlags): Promise<void> {
  const database = flags.cache === 'db' ? await import('../../store/index.js') : undefined;
  let result: ImportCsvResult;
  try {
    result = await importCandlesCsv({
      file,
      symbol: flags.symbol,
      timeframe: flags.timeframe === undefined ? undefined : parseTimeframe(flags.timeframe),
      strictGaps: flags.strictGaps,
      venue: flags.venue,
      cacheDir: flags.cache,
      cache: database ? await database.openDatabaseCandleCache({ onMigrated: reportMigrated }) : undefined,
    });
  } catch (error) {
    if (error instanceof CsvError) refuseCsv(error, flags.json === true);
    throw error;
  } finally {
    await database?.closeDatabaseCandles();
  }
  for (const warning of result.warnings) stderr.warn(warning);
  if (flags.json) {
    stdout.json(result);
    return;
  }
  stdout.line(
    `imported ${result.bars} ${result.timeframe} bars of ${result.symbol} (${isoDate(result.from)} .. ${isoDate(result.to)})`,
  );
  stdout.line(`backtest them with --symbol ${result.symbol} --source ${database ? 'db' : 'cache'}`);
}

/** How many of a file's problems the terminal shows; --json lists them all. */
const SHOWN_CSV_PROBLEMS = 20;

/**
 * A refused file: every problem with its line (the first 20 on the terminal, all of them under
 * --json), then one summary line. Exit 1; nothing was cached.
 */
function refuseCsv(error: CsvError, json: boolean): never {
  const total = counted(error.problemCount, 'problem');
  if (json) {
    stdout.json({ file: error.file, imported: false, problemCount: error.problemCount, problems: error.problems });
    throw new InputError(`${total} in ${error.file}: nothing imported`);
  }
  if (error.problemCount === 1) throw error;
  for (const problem of error.problems.slice(0, SHOWN_CSV_PROBLEMS))
    stderr.line(`${error.file}:${problem.line}: ${problem.message}`);
  const shown =
    error.problemCount > SHOWN_CSV_PROBLEMS ? ` (the first ${SHOWN_CSV_PROBLEMS} above; --json lists them all)` : '';
  throw new InputError(`${total} in ${error.file}${shown}: nothing imported`);
}
