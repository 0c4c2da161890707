import { didYouMean, FleetError, UsageError } from '../core/index.js';
import type { CcxtExchange } from './create-exchange.js';
import { TemporaryExchangeError } from './errors.js';
import type { CcxtModule } from './load-ccxt.js';

const MAX_MESSAGE = 300;

/**
 * Turns what ccxt throws into fleet's error tree at the module's edge, so callers never need
 * ccxt's classes: a wrong symbol is the user's (exit 2), a network-ish failure is retryable, the
 * rest is a one-line failure (ccxt messages can carry whole HTML error pages).
 */
export function mapExchangeError(
  error: unknown,
  ccxt: CcxtModule,
  exchange: CcxtExchange,
  symbol?: string,
): FleetError {
  if (error instanceof FleetError) return error;
  const message = oneLine(error instanceof Error ? error.message : String(error));
  if (error instanceof ccxt.BadSymbol && symbol !== undefined) {
    return new UsageError(`${exchange.id} does not list '${symbol}'${symbolHint(symbol, exchange.symbols)}`, {
      cause: error,
    });
  }
  // ccxt's OperationFailed branch is its "may work if retried" half: NetworkError (RateLimitExceeded,
  // DDoSProtection, RequestTimeout, ExchangeNotAvailable, OnMaintenance) and garbled responses.
  if (error instanceof ccxt.OperationFailed) return new TemporaryExchangeError(message, { cause: error });
  if (error instanceof ccxt.AuthenticationError) {
    return new FleetError(`${exchange.id} refused the API key: ${message}`, undefined, { cause: error });
  }
  return new FleetError(message, undefined, { cause: error });
}

/** Did-you-mean when a listed symbol is close, else a few of the listed ones. */
function symbolHint(symbol: string, symbols: readonly string[] | undefined): string {
  if (!symbols || symbols.length === 0) return '';
  const hint = didYouMean(symbol, symbols);
  if (hint !== '') return hint;
  const shown = symbols.slice(0, 5).join(', ');
  return ` (it lists ${symbols.length} symbols: ${shown}${symbols.length > 5 ? ', …' : ''})`;
}

export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
