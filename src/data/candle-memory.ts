import { allocateCandles, type Candles, sliceCandles } from '../core/index.js';

/**
 * Reusable memory for loading many series one after another, as a screening or optimisation
 * worker does. Fresh memory is slow to touch for the first time (and on some virtual machines
 * that cost is serialised across cores), so a worker loads every instrument into the same
 * arrays. What it hands out stays valid only until its next use.
 */
export class CandleMemory {
  private columns: Candles = allocateCandles(0);
  private bytes = new Uint8Array(0);

  /** Candles of exactly `length` bars, sharing this memory's arrays. */
  candles(length: number): Candles {
    if (this.columns.length < length) this.columns = allocateCandles(grown(length));
    return sliceCandles(this.columns, 0, length);
  }

  /** A byte buffer of exactly `size` bytes, 8-byte aligned, sharing this memory. */
  buffer(size: number): Uint8Array {
    if (this.bytes.byteLength < size) this.bytes = new Uint8Array(grown(size));
    return this.bytes.subarray(0, size);
  }
}

/** Grows by a quarter beyond what is asked, so a slightly longer next series fits. */
const grown = (n: number): number => Math.ceil(n * 1.25);
