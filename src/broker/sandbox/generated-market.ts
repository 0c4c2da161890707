import { type Candles, sliceCandles, type Timeframe, timeframeMs } from '../../core/index.js';
import { generateSandboxCandles } from '../../data/index.js';
import { NO_BARS, type SimMarket } from '../sim/index.js';

// The first generation per symbol; later ones at least double it, so growth costs O(total bars).
const FIRST_BARS = 4096;

/**
 * Invented prices: the sandbox generator from a fixed start. The generator is deterministic and
 * regenerates from its start, so each symbol's series is cached and grown geometrically as the
 * clock moves on; a bar once seen never changes.
 */
export class GeneratedMarket implements SimMarket {
  private readonly stepMs: number;
  private readonly series = new Map<string, Candles>();
  private start: Promise<number> | undefined;

  constructor(
    readonly timeframe: Timeframe,
    private readonly options: {
      readonly seed: number;
      readonly symbols: readonly string[];
      /** Where history begins (rounded up to a bar boundary), resolved on first use. */
      readonly start: () => Promise<number>;
    },
  ) {
    this.stepMs = timeframeMs(timeframe);
  }

  async bars(symbol: string, from: number, upTo: number): Promise<Candles> {
    if (!this.options.symbols.includes(symbol)) return NO_BARS;
    if (this.start === undefined) {
      this.start = this.options.start();
      this.start.catch(() => (this.start = undefined));
    }
    const start = await this.start;
    let candles = this.series.get(symbol) ?? this.generate(symbol, start, FIRST_BARS);
    const first = candles.time[0];
    if (upTo < first) return NO_BARS;
    const count = Math.floor((upTo - first) / this.stepMs) + 1;
    if (candles.length < count) candles = this.generate(symbol, start, Math.max(count, 2 * candles.length));
    return sliceCandles(candles, Math.max(0, Math.ceil((from - first) / this.stepMs)), count);
  }

  private generate(symbol: string, start: number, bars: number): Candles {
    const candles = generateSandboxCandles({ symbol, timeframe: this.timeframe, bars, seed: this.options.seed, start });
    this.series.set(symbol, candles);
    return candles;
  }
}
