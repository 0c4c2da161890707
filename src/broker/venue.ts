import type { Broker } from '../core/index.js';
import { ALPACA_QUOTE, createAlpacaBroker } from './alpaca/index.js';
import { createCcxtBroker, quoteCurrency } from './ccxt/index.js';

/** The exchange id of the stock broker (Alpaca); it shadows ccxt's crypto-only `alpaca`. */
export const ALPACA = 'alpaca';

/** The currency a bot's cash is in on `exchange`: USD at Alpaca, else the symbol's quote (BTC/USDT → USDT). */
export function venueQuote(exchange: string, symbol: string): string {
  return exchange === ALPACA ? ALPACA_QUOTE : quoteCurrency(symbol);
}

export interface LiveBrokerOptions {
  readonly exchange: string;
  readonly symbols: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Sends every API request to this origin instead (a proxy, or a fake venue in tests). */
  readonly apiBaseUrl?: string;
}

/** The broker of a real account on `exchange`: Alpaca's live account, or a spot account through ccxt. */
export function createLiveBroker(options: LiveBrokerOptions): Promise<Broker> {
  const common = {
    env: options.env,
    symbols: options.symbols,
    ...(options.apiBaseUrl !== undefined ? { apiBaseUrl: options.apiBaseUrl } : {}),
  };
  return options.exchange === ALPACA
    ? createAlpacaBroker({ ...common, paper: false })
    : createCcxtBroker({ ...common, exchange: options.exchange });
}
