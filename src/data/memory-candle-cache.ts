import { allocateCandles, CANDLE_COLUMNS, type CandleCache, type CandleKey, type Candles } from '../core/index.js';

/** An in-memory CandleCache for tests. Copies in and out, as the file cache effectively does. */
export class MemoryCandleCache implements CandleCache {
  private readonly entries = new Map<string, { key: CandleKey; candles: Candles }>();

  async get(key: CandleKey): Promise<Candles | undefined> {
    const entry = this.entries.get(keyText(key));
    return entry ? copyCandles(entry.candles) : undefined;
  }

  async put(key: CandleKey, candles: Candles): Promise<void> {
    const stored = { source: key.source, symbol: key.symbol, timeframe: key.timeframe };
    this.entries.set(keyText(key), { key: stored, candles: copyCandles(candles) });
  }

  async list(): Promise<CandleKey[]> {
    return [...this.entries.values()].map((entry) => ({ ...entry.key }));
  }
}

const keyText = (key: CandleKey): string => `${key.source}\u0000${key.symbol}\u0000${key.timeframe}`;

function copyCandles(candles: Candles): Candles {
  const copy = allocateCandles(candles.length);
  for (const column of CANDLE_COLUMNS) copy[column].set(candles[column]);
  return copy;
}
