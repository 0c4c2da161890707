import { type VenueCalendar, venueCalendar } from '../../calendar/index.js';
import { type Candles, type Timeframe, timeframeMs } from '../../core/index.js';
import { generateSandboxCandles } from '../../data/index.js';
import { barsBetween, NO_BARS, type SimMarket } from '../sim/index.js';

// The first generation per symbol; later ones at least double it, so growth costs O(total bars).
const FIRST_BARS = 4096;

/**
 * Invented prices: the sandbox generator from a fixed start. The generator is deterministic and
 * regenerates from its start, so each symbol's series is cached and grown geometrically as the
 * clock moves on; a bar once seen never changes. With a venue (the equity mode) bars exist only
 * inside its sessions, so bars are found by time, not by position.
 */
export class GeneratedMarket implements SimMarket {
  private readonly stepMs: number;
  private readonly series = new Map<string, Candles>();
  private start: Promise<number> | undefined;
  /** The equity mode's calendar: the exchange queues market orders while it is closed. */
  readonly calendar: VenueCalendar | undefined;

  constructor(
    readonly timeframe: Timeframe,
    private readonly options: {
      readonly seed: number;
      readonly symbols: readonly string[];
      /** Where history begins (rounded up to a bar boundary), resolved on first use. */
      readonly start: () => Promise<number>;
      /** The equity mode's venue (XNYS, …): bars only in its sessions. */
      readonly venue?: string;
    },
  ) {
    this.stepMs = timeframeMs(timeframe);
    this.calendar = options.venue === undefined ? undefined : venueCalendar(options.venue);
  }

  async bars(symbol: string, from: number, upTo: number): Promise<Candles> {
    if (!this.options.symbols.includes(symbol)) return NO_BARS;
    if (this.start === undefined) {
      this.start = this.options.start();
      this.start.catch(() => (this.start = undefined));
    }
    const start = await this.start;
    let candles = this.series.get(symbol) ?? this.generate(symbol, start, FIRST_BARS);
    if (candles.length === 0 || upTo < candles.time[0]) return NO_BARS;
    // Grow until a bar lies beyond upTo, so every bar up to it is known.
    while (candles.time[candles.length - 1] <= upTo) {
      const wanted = Math.floor((upTo - candles.time[0]) / this.stepMs) + 2;
      candles = this.generate(symbol, start, Math.max(wanted, 2 * candles.length));
    }
    return barsBetween(candles, from, upTo);
  }

  private generate(symbol: string, start: number, bars: number): Candles {
    const { seed, venue } = this.options;
    const candles = generateSandboxCandles({ symbol, timeframe: this.timeframe, bars, seed, start, venue });
    this.series.set(symbol, candles);
    return candles;
  }
}
