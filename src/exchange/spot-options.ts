/**
 * ccxt options for trading spot with fleet, by exchange: binance loads spot markets only and skips
 * the signed currency and margin look-ups ccxt would otherwise make while loading markets (fleet
 * needs neither), and lets open orders be listed for all symbols at once.
 */
const SPOT_OPTIONS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  binance: {
    defaultType: 'spot',
    fetchMarkets: { types: ['spot'] },
    fetchCurrencies: false,
    fetchMargins: false,
    warnOnFetchOpenOrdersWithoutSymbol: false,
  },
};

export function spotTradingOptions(exchangeId: string): Record<string, unknown> {
  return { ...(SPOT_OPTIONS[exchangeId] ?? {}) };
}
