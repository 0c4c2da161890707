import { loadCcxt } from './load-ccxt.js';

/** The ids of the exchanges ccxt supports (`binance`, `kraken`, …). Loads ccxt on first use. */
export async function exchangeIds(): Promise<readonly string[]> {
  const ccxt = await loadCcxt();
  return Object.keys(ccxt.exchanges);
}
