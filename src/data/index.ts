export {
  type DatabaseCandleLoader,
  type DatabaseSource,
  databaseCandleLoader,
  useDatabaseCandleLoader,
} from './candle-loaders.js';
export { CandleMemory } from './candle-memory.js';
export { CsvError, type CsvProblem, MAX_CSV_PROBLEMS } from './csv-error.js';
export { readCandlesCsv, writeCandlesCsv } from './csv-file.js';
export { CSV_HEADER, formatCandlesCsv } from './csv-format.js';
export { type CsvParseOptions, type CsvParseResult, parseCandlesCsv } from './csv-parse.js';
export type { TimestampFormat } from './csv-timestamp.js';
export {
  CSV_CACHE_SOURCE,
  type DataSource,
  DEFAULT_CACHE_DIR,
  DEFAULT_SANDBOX_BARS,
  DEFAULT_SANDBOX_TIMEFRAME,
  fileSafeSymbol,
  type LoadCandlesOptions,
  type LoadedCandles,
  loadCandles,
  parseDataSource,
  sourceVenue,
} from './data-source.js';
export {
  alpacaBarPages,
  type BarPageSource,
  type CandleGap,
  type DownloadCandlesOptions,
  type DownloadCandlesResult,
  downloadCandles,
} from './download.js';
export { FileCandleCache } from './file-candle-cache.js';
export { type ImportCsvOptions, type ImportCsvResult, importCandlesCsv } from './import-csv.js';
export { MemoryCandleCache } from './memory-candle-cache.js';
export { generateSandboxCandles, SANDBOX_START, type SandboxOptions } from './sandbox-generator.js';
export { sandboxProfile } from './sandbox-profile.js';
export { SANDBOX_SYMBOLS, SANDBOX_UNIVERSE, type SandboxProfile, type VolatilityRegime } from './sandbox-profiles.js';
