import type { ExchangeClient } from './create-exchange.js';
import { loadCcxt } from './load-ccxt.js';
import { mapExchangeError } from './map-error.js';

/** Loads (once) and returns the exchange's symbols, e.g. 'BTC/USDT'. */
export async function loadMarkets(exchange: ExchangeClient): Promise<readonly string[]> {
  const ccxt = await loadCcxt();
  try {
    await exchange.ccxt.loadMarkets();
  } catch (error) {
    exchange.ccxt.marketsLoading = undefined; // else ccxt returns this same failure forever
    throw mapExchangeError(error, ccxt, exchange.ccxt);
  }
  return exchange.ccxt.symbols ?? [];
}

/** The bar lengths the exchange serves, in ccxt's names ('1m', '1h', '1d'…). */
export function exchangeTimeframes(exchange: ExchangeClient): string[] {
  return Object.keys(exchange.ccxt.timeframes ?? {});
}
