import { endianness } from 'node:os';
import { allocateCandles, CANDLE_COLUMNS, type Candles } from '../core/index.js';

/**
 * One chunk of bars as bytes: the six float64 columns one after another, little-endian, `bars`
 * values each. Bytes, not numbers, so a million bars travel as a few large values and come back
 * exact to the bit.
 */
export const CHUNK_BARS = 50_000;
const COLUMNS = CANDLE_COLUMNS.length;
const littleEndian = endianness() === 'LE';

export function encodeChunk(candles: Candles, start: number, end: number): Buffer {
  const bars = end - start;
  const bytes = Buffer.allocUnsafe(bars * COLUMNS * 8);
  if (littleEndian) {
    const view = new Float64Array(bytes.buffer, bytes.byteOffset, bars * COLUMNS);
    CANDLE_COLUMNS.forEach((column, c) => {
      view.set(candles[column].subarray(start, end), c * bars);
    });
  } else {
    CANDLE_COLUMNS.forEach((column, c) => {
      for (let i = 0; i < bars; i++) bytes.writeDoubleLE(candles[column][start + i], (c * bars + i) * 8);
    });
  }
  return bytes;
}

/** Copies chunks (in time order) into one set of columns. */
export function decodeChunks(chunks: readonly { bars: number; data: Uint8Array }[]): Candles {
  const total = chunks.reduce((sum, chunk) => sum + chunk.bars, 0);
  const candles = allocateCandles(total);
  let at = 0;
  for (const { bars, data } of chunks) {
    if (data.byteLength !== bars * COLUMNS * 8)
      throw new Error(`a candle chunk holds ${data.byteLength} bytes, expected ${bars * COLUMNS * 8}`);
    // Copy to an aligned buffer: a Float64Array view needs an offset that is a multiple of 8.
    const aligned = data.byteOffset % 8 === 0 ? data : new Uint8Array(data);
    CANDLE_COLUMNS.forEach((column, c) => {
      if (littleEndian) {
        candles[column].set(new Float64Array(aligned.buffer, aligned.byteOffset + c * bars * 8, bars), at);
      } else {
        const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength);
        for (let i = 0; i < bars; i++) candles[column][at + i] = view.getFloat64((c * bars + i) * 8, true);
      }
    });
    at += bars;
  }
  return candles;
}
