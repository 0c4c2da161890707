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

/** ccxt's precisionMode for precision given as a step (0.001) rather than a number of digits. */
const TICK_SIZE = 4;

/**
 * The smallest quantity of `symbol` an order may have: the market's minimum amount, or one step of
 * its amount precision when that is larger (an order is cut down to whole steps). 0 when the
 * exchange states neither.
 */
export async function minimumOrderQuantity(exchange: ExchangeClient, symbol: string): Promise<number> {
  await loadMarkets(exchange);
  const market = exchange.ccxt.market(symbol);
  const precision = market.precision?.amount;
  const step =
    precision === undefined || !Number.isFinite(precision)
      ? 0
      : exchange.ccxt.precisionMode === TICK_SIZE
        ? precision
        : 10 ** -precision;
  return Math.max(market.limits?.amount?.min ?? 0, step);
}
