import { BrokerUnavailableError, FleetError } from '../core/index.js';
import type { ExchangeClient } from './create-exchange.js';
import { TemporaryExchangeError } from './errors.js';
import { type CcxtModule, loadCcxt } from './load-ccxt.js';
import { oneLine } from './map-error.js';
import { loadMarkets } from './markets.js';

/**
 * How trading calls fail, at the module's edge:
 *  - the exchange could not be reached or did not answer (network, timeout, 5xx, rate limit,
 *    DDoS protection, maintenance, clock skew): BrokerUnavailableError, one line;
 *  - the keys were refused: a FleetError naming where the keys came from, never the keys;
 *  - anything else: a FleetError with the exchange's words.
 * Refusals of an order and unknown orders are outcomes, not errors: see `isRefusal`, `isNotFound`.
 */
export function mapTradingError(
  error: unknown,
  ccxt: CcxtModule,
  exchange: ExchangeClient,
  action: string,
): FleetError {
  if (error instanceof BrokerUnavailableError) return error;
  const text = exchangeMessage(error, exchange);
  if (isAuthError(error, ccxt)) {
    const source = exchange.keySource === undefined ? '' : ` (from ${exchange.keySource})`;
    return new FleetError(
      `${exchange.id} refused the API keys${source} while ${action}: ${text}; check that the key is valid, ` +
        'may trade spot and allows this IP',
      undefined,
      { cause: error },
    );
  }
  if (error instanceof TemporaryExchangeError || error instanceof ccxt.OperationFailed) {
    return new BrokerUnavailableError(`${exchange.id} did not answer while ${action}: ${text}`, undefined, {
      cause: error,
    });
  }
  if (error instanceof FleetError) return error;
  return new FleetError(`${exchange.id} failed while ${action}: ${text}`, undefined, { cause: error });
}

/** ccxt loaded and the exchange's markets too, failures mapped as trading errors. */
export async function prepareTrading(exchange: ExchangeClient, action: string): Promise<CcxtModule> {
  const ccxt = await loadCcxt();
  try {
    await loadMarkets(exchange);
  } catch (error) {
    throw mapTradingError(error, ccxt, exchange, action);
  }
  return ccxt;
}

/** The exchange refused this order (funds, filters, price, symbol, order type). */
export function isRefusal(error: unknown, ccxt: CcxtModule): boolean {
  if (isAuthError(error, ccxt)) return false;
  return (
    error instanceof ccxt.InvalidOrder ||
    error instanceof ccxt.InsufficientFunds ||
    error instanceof ccxt.BadRequest ||
    error instanceof ccxt.OperationRejected ||
    error instanceof ccxt.NotSupported
  );
}

/** The client order id is already taken by an order the exchange holds. */
export function isDuplicate(error: unknown, ccxt: CcxtModule): boolean {
  if (error instanceof ccxt.DuplicateOrderId) return true;
  return error instanceof ccxt.InvalidOrder && /duplicate order/i.test(error.message);
}

/**
 * The exchange does not know the order (binance -2011 on cancel, -2013 on fetch), or not even its
 * symbol (then it cannot have the order either).
 */
export function isNotFound(error: unknown, ccxt: CcxtModule): boolean {
  return error instanceof ccxt.OrderNotFound || error instanceof ccxt.BadSymbol;
}

/**
 * The keys were refused. Binance sends -2015 both for a bad key and for a key without the
 * permission (a read-only key placing an order); ccxt calls the second a DDoSProtection once a
 * signed call has worked, which would hide a wrong key behind "try again", so the code decides.
 */
function isAuthError(error: unknown, ccxt: CcxtModule): boolean {
  if (error instanceof ccxt.AuthenticationError) return true;
  return error instanceof ccxt.BaseError && /"code":\s*-(2014|2015|1022)\b/.test(error.message);
}

/**
 * The exchange's own words on one line: Binance's `msg` (with its code) when the error carries
 * its JSON body, else ccxt's message without the leading exchange id. Keys are blanked out.
 */
export function exchangeMessage(error: unknown, exchange: ExchangeClient): string {
  let text = error instanceof Error ? error.message : String(error);
  const json = /\{.*\}/s.exec(text);
  if (json) {
    try {
      const body = JSON.parse(json[0]) as { code?: unknown; msg?: unknown };
      if (typeof body.msg === 'string') {
        text = body.code === undefined ? body.msg : `${body.msg} (code ${String(body.code)})`;
      }
    } catch {
      // not JSON after all: keep the whole message
    }
  }
  if (text.startsWith(`${exchange.id} `)) text = text.slice(exchange.id.length + 1);
  for (const secret of [exchange.ccxt.apiKey, exchange.ccxt.secret]) {
    if (typeof secret === 'string' && secret.length >= 4) text = text.split(secret).join('***');
  }
  return oneLine(text);
}
