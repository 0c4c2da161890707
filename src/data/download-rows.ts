import { allocateCandles, type Candles, InputError } from '../core/index.js';

/**
 * Bars as they arrive from an exchange, checked one by one and kept in growing columns until
 * they become Candles. A bad row stops the download: storing it would poison every backtest.
 */
export class DownloadedRows {
  readonly time: number[] = [];
  private readonly columns: [number[], number[], number[], number[], number[]] = [[], [], [], [], []];

  /** `origin` names the series in errors, e.g. 'binance BTC/USDT'. */
  constructor(private readonly origin: string) {}

  get length(): number {
    return this.time.length;
  }

  get last(): number | undefined {
    return this.time.at(-1);
  }

  push(row: readonly unknown[], previous: number | undefined): void {
    const [time, open, high, low, close] = row;
    const volume = row[5] ?? 0; // some exchanges leave volume out
    const at = typeof time === 'number' && Number.isFinite(time) ? new Date(time).toISOString() : String(time);
    const bad = (why: string) => new InputError(`${this.origin}: bad bar at ${at}: ${why}`);
    if (typeof time !== 'number' || !Number.isSafeInteger(time)) throw bad('the time is not a whole number of ms');
    if (previous !== undefined && time <= previous) {
      throw bad(`not after the bar before it (${new Date(previous).toISOString()})`);
    }
    const values = [open, high, low, close, volume];
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw bad(`open, high, low, close and volume must be finite numbers, got ${JSON.stringify(values)}`);
    }
    const [o, h, l, c, v] = values as number[];
    if (l < 0 || v < 0) throw bad('negative low or volume');
    if (h < Math.max(o, c) || l > Math.min(o, c)) {
      throw bad(`high ${h} and low ${l} do not enclose open ${o} and close ${c}`);
    }
    this.time.push(time);
    values.forEach((value, i) => {
      this.columns[i].push(value as number);
    });
  }

  toCandles(): Candles {
    const candles = allocateCandles(this.length);
    candles.time.set(this.time);
    candles.open.set(this.columns[0]);
    candles.high.set(this.columns[1]);
    candles.low.set(this.columns[2]);
    candles.close.set(this.columns[3]);
    candles.volume.set(this.columns[4]);
    return candles;
  }
}
