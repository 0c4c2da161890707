import { endianness } from 'node:os';
import {
  allocateCandles,
  CANDLE_COLUMNS,
  type CandleKey,
  type Candles,
  InputError,
  isTimeframe,
  type Timeframe,
} from '../core/index.js';

/**
 * The binary layout of one cached series:
 *   8 bytes   magic 'FLEETCDL'
 *   4 bytes   header length H, uint32 little-endian
 *   H bytes   JSON header {format, length, source, symbol, timeframe}
 *   padding   zeros up to a multiple of 8, so the columns can be viewed in place as Float64Arrays
 *   6 x length x 8 bytes   time, open, high, low, close, volume, float64 little-endian
 * Loading is one read plus typed-array views: no per-row work.
 */
const MAGIC = Buffer.from('FLEETCDL', 'latin1');
const PREFIX_BYTES = MAGIC.length + 4;
const FORMAT = 1 as const;
const LITTLE_ENDIAN = endianness() === 'LE';

export interface CandleFileHeader {
  readonly format: typeof FORMAT;
  readonly length: number;
  readonly source: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/** Five fields checked by hand: loading zod for them would cost a worker thread 100 ms at start. */
function isHeader(value: unknown): value is CandleFileHeader {
  const h = value as Partial<CandleFileHeader> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    h.format === FORMAT &&
    Number.isSafeInteger(h.length) &&
    (h.length as number) >= 0 &&
    typeof h.source === 'string' &&
    typeof h.symbol === 'string' &&
    typeof h.timeframe === 'string' &&
    isTimeframe(h.timeframe)
  );
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** The file's bytes as chunks, ready for one vectored write. */
export function encodeCandleFile(key: CandleKey, candles: Candles): Uint8Array[] {
  const header: CandleFileHeader = {
    format: FORMAT,
    length: candles.length,
    source: key.source,
    symbol: key.symbol,
    timeframe: key.timeframe,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align8(PREFIX_BYTES + json.length));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(json.length, MAGIC.length);
  json.copy(prefix, PREFIX_BYTES);
  const chunks: Uint8Array[] = [prefix];
  for (const column of CANDLE_COLUMNS) {
    const values = candles[column];
    if (values.length !== candles.length) {
      throw new RangeError(`candles.${column} has ${values.length} values, expected ${candles.length}`);
    }
    chunks.push(LITTLE_ENDIAN ? new Uint8Array(values.buffer, values.byteOffset, values.byteLength) : toLittle(values));
  }
  return chunks;
}

/** Reads just the header; `path` names the file in errors. */
export function decodeCandleHeader(bytes: Uint8Array, path: string): { header: CandleFileHeader; dataOffset: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < PREFIX_BYTES || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt(path, 'not a fleet candle file');
  }
  const jsonLength = buffer.readUInt32LE(MAGIC.length);
  if (PREFIX_BYTES + jsonLength > buffer.length) throw corrupt(path, 'truncated header');
  let parsed: unknown;
  try {
    parsed = JSON.parse(buffer.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + jsonLength));
  } catch {
    throw corrupt(path, 'unreadable header');
  }
  if (!isHeader(parsed)) throw corrupt(path, 'unexpected header');
  return { header: parsed, dataOffset: align8(PREFIX_BYTES + jsonLength) };
}

/** How many bytes of a file to read to be sure of having the whole header. */
export function headerBytesNeeded(prefix: Uint8Array): number {
  if (prefix.length < PREFIX_BYTES) return PREFIX_BYTES;
  return PREFIX_BYTES + Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength).readUInt32LE(MAGIC.length);
}

export function decodeCandleFile(bytes: Uint8Array, path: string): { header: CandleFileHeader; candles: Candles } {
  const { header, dataOffset } = decodeCandleHeader(bytes, path);
  const { length } = header;
  const expected = dataOffset + CANDLE_COLUMNS.length * length * 8;
  if (bytes.byteLength !== expected) {
    throw corrupt(path, `expected ${expected} bytes for ${length} bars, found ${bytes.byteLength} (truncated?)`);
  }
  const start = bytes.byteOffset + dataOffset;
  // Views need 8-byte alignment; a read buffer nearly always has it, otherwise copy once.
  if (LITTLE_ENDIAN && start % 8 === 0) {
    const view = (k: number) => new Float64Array(bytes.buffer, start + k * length * 8, length);
    return {
      header,
      candles: { length, time: view(0), open: view(1), high: view(2), low: view(3), close: view(4), volume: view(5) },
    };
  }
  const candles = allocateCandles(length);
  const data = new DataView(bytes.buffer, start, length * 8 * CANDLE_COLUMNS.length);
  CANDLE_COLUMNS.forEach((column, k) => {
    const values = candles[column];
    for (let i = 0; i < length; i++) values[i] = data.getFloat64((k * length + i) * 8, true);
  });
  return { header, candles };
}

function toLittle(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const data = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) data.setFloat64(i * 8, values[i], true);
  return bytes;
}

function corrupt(path: string, reason: string): InputError {
  return new InputError(`${path}: corrupt candle cache file: ${reason}; delete it to refetch`);
}
