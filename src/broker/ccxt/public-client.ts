import { createExchange, type ExchangeClient, spotTradingOptions } from '../../exchange/index.js';

export interface PublicClientOptions {
  /** A ccxt exchange id, e.g. 'binance'. */
  readonly exchange: string;
  /** Sends every API request to this origin instead (a proxy, or a fake exchange in tests). */
  readonly apiBaseUrl?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

/** A keyless client of the exchange's spot market, for what is public: bars, the market list. */
export function publicSpotClient(options: PublicClientOptions): Promise<ExchangeClient> {
  return createExchange({
    id: options.exchange,
    exchangeOptions: spotTradingOptions(options.exchange),
    ...(options.apiBaseUrl !== undefined ? { apiBaseUrl: options.apiBaseUrl } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}
