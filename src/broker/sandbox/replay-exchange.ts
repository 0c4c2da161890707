import type { Costs } from '../../backtest/index.js';
import { venueCalendar } from '../../calendar/index.js';
import type { Candles, Clock, SandboxLedger, Timeframe } from '../../core/index.js';
import { barsBetween, NO_BARS, SimExchange, type SimMarket } from '../sim/index.js';

export interface ReplayExchangeOptions {
  readonly account: string;
  readonly ledger: SandboxLedger;
  readonly clock: Clock;
  readonly timeframe: Timeframe;
  readonly costs: Costs;
  readonly initialCash: number;
  /** Fixed history by symbol, at `timeframe`; a bar beyond it does not exist. */
  readonly candles: Readonly<Record<string, Candles>>;
  readonly name?: string;
  /** The venue whose sessions the bars keep (session data): market orders wait for the next open. */
  readonly venue?: string;
}

/** The SimExchange over recorded bars: replay mode, and the proof that a runner trades as the backtest. */
export function createReplayExchange(options: ReplayExchangeOptions): SimExchange {
  const { candles, timeframe } = options;
  const market: SimMarket = {
    timeframe,
    ...(options.venue === undefined ? {} : { calendar: venueCalendar(options.venue) }),
    async bars(symbol, from, upTo) {
      const series = Object.hasOwn(candles, symbol) ? candles[symbol] : undefined;
      return series ? barsBetween(series, from, upTo) : NO_BARS;
    },
  };
  return new SimExchange({
    // Replays and tests tick far faster than real time: every reconciliation reads the books.
    refreshMs: 0,
    name: options.name ?? 'replay',
    account: options.account,
    ledger: options.ledger,
    market,
    clock: options.clock,
    costs: options.costs,
    initialCash: options.initialCash,
  });
}
