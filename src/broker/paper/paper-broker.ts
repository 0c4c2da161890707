import type { Costs } from '../../backtest/index.js';
import type { BarFeed, Clock, SandboxLedger, Timeframe } from '../../core/index.js';
import { SimExchange } from '../sim/index.js';
import { FeedMarket } from './feed-market.js';

export interface PaperBrokerOptions {
  readonly account: string;
  readonly ledger: SandboxLedger;
  readonly clock: Clock;
  /** Real prices, e.g. an exchange's public OHLCV. */
  readonly feed: BarFeed;
  readonly timeframe: Timeframe;
  readonly costs: Costs;
  readonly initialCash: number;
  /** Default `paper`; e.g. `paper:binance`. */
  readonly name?: string;
  readonly quote?: string;
  /** Default true; false for a spot market, where a sell cannot open a short. */
  readonly canShort?: boolean;
}

/** Simulated orders filled against real public prices: the SimExchange over a BarFeed. */
export function createPaperBroker(options: PaperBrokerOptions): SimExchange {
  return new SimExchange({
    name: options.name ?? 'paper',
    account: options.account,
    ledger: options.ledger,
    market: new FeedMarket(options.feed, options.timeframe, options.clock),
    clock: options.clock,
    costs: options.costs,
    initialCash: options.initialCash,
    quote: options.quote,
    canShort: options.canShort,
  });
}
