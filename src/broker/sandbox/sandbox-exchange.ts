import type { Costs } from '../../backtest/index.js';
import { venueCalendar } from '../../calendar/index.js';
import { type Clock, type SandboxLedger, type Timeframe, timeframeMs, UsageError } from '../../core/index.js';
import { SANDBOX_SYMBOLS } from '../../data/index.js';
import { SimExchange } from '../sim/index.js';
import { GeneratedMarket } from './generated-market.js';

export interface SandboxExchangeOptions {
  readonly account: string;
  readonly ledger: SandboxLedger;
  readonly clock: Clock;
  readonly timeframe: Timeframe;
  readonly costs: Costs;
  readonly initialCash: number;
  /** Seed of the invented prices (default 0). */
  readonly seed?: number;
  /** Closed bars of history before the market's first use, to warm indicators up (default 2000). */
  readonly historyBars?: number;
  /** The tradable symbols (default: every sandbox symbol). */
  readonly symbols?: readonly string[];
  /**
   * Epoch ms where the invented history begins. Default: fixed in the ledger the first time any
   * account uses this timeframe and seed, `historyBars` bars before the clock, and read back on
   * every later start so a restarted process sees the very same bars.
   */
  readonly start?: number;
  readonly name?: string;
  /** The equity mode: prices only inside this venue's sessions (XNYS, XLON, …). */
  readonly venue?: string;
}

export const DEFAULT_HISTORY_BARS = 2000;

/**
 * The sandbox exchange: the SimExchange over invented prices. Its market's start is kept in the
 * ledger as a frozen clock (speed 0: its "now" never moves, and a frozen clock is never
 * re-anchored), shared by every account on the same timeframe and seed, so all of them see one
 * market.
 */
export function createSandboxExchange(options: SandboxExchangeOptions): SimExchange {
  const { ledger, clock, timeframe, seed = 0, historyBars = DEFAULT_HISTORY_BARS } = options;
  if (!Number.isInteger(historyBars) || historyBars < 0) {
    throw new UsageError(`historyBars must be a whole number >= 0, got ${historyBars}`);
  }
  const symbols = options.symbols ?? SANDBOX_SYMBOLS;
  const unknown = symbols.filter((symbol) => !SANDBOX_SYMBOLS.includes(symbol));
  if (unknown.length > 0) {
    throw new UsageError(`unknown sandbox symbol ${unknown.join(', ')} (valid: ${SANDBOX_SYMBOLS.join(', ')})`);
  }
  const stepMs = timeframeMs(timeframe);
  const calendar = options.venue === undefined ? undefined : venueCalendar(options.venue);
  const venue = calendar === undefined || calendar.alwaysOpen ? undefined : calendar.id;
  // The generator rounds its start up to a bar boundary; starting one bar minus 1 ms earlier than
  // `historyBars` bars back lands on the boundary of the bar containing that time.
  const proposed = clock.now() - (calendar?.lookbackMs(historyBars + 1, stepMs) ?? (historyBars + 1) * stepMs) + 1;
  const start =
    options.start !== undefined
      ? async () => options.start as number
      : async () =>
          (
            await ledger.clockAnchor(`sandbox-market:${timeframe}:${seed}${venue === undefined ? '' : `:${venue}`}`, {
              simOrigin: proposed,
              realOrigin: Date.now(),
              speed: 0,
            })
          ).simOrigin;
  return new SimExchange({
    name: options.name ?? 'sandbox',
    account: options.account,
    ledger,
    market: new GeneratedMarket(timeframe, { seed, symbols, start, venue }),
    clock,
    costs: options.costs,
    initialCash: options.initialCash,
  });
}
