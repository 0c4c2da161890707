import { BrokerUnavailableError, FleetError } from '../../core/index.js';
import { TemporaryExchangeError } from '../errors.js';
import { oneLine } from '../map-error.js';
import type { AlpacaClient } from './alpaca-client.js';
import { ALPACA_KEY_NAMES } from './alpaca-keys.js';

/** What a failed call to Alpaca means for the caller. */
export type AlpacaFailureKind =
  /** Network, timeout, 429 or 5xx: may work on a later try. */
  | 'unavailable'
  /** 401: the keys were refused. */
  | 'auth'
  /** 404: no such order, asset or symbol. */
  | 'not_found'
  /** 403 or 422: Alpaca understood the request and refused it (buying power, quantity, duplicate id). */
  | 'refused'
  | 'other';

export interface AlpacaFailure {
  readonly kind: AlpacaFailureKind;
  readonly status?: number;
  /** Alpaca's words, on one line, keys blanked out. */
  readonly message: string;
}

export function classifyAlpacaError(error: unknown, client: AlpacaClient): AlpacaFailure {
  const { ApiError, FetchError } = client.module;
  let message = error instanceof Error ? error.message : String(error);
  // The SDK's FetchError says only "The request was aborted"; its cause says why (the timeout).
  if (error instanceof FetchError && error.cause?.message) message = `${message}: ${error.cause.message}`;
  for (const secret of client.secrets) if (secret.length >= 4) message = message.split(secret).join('***');
  message = oneLine(message);
  if (error instanceof FetchError) return { kind: 'unavailable', message };
  if (!(error instanceof ApiError)) {
    const name = error instanceof Error ? error.name : '';
    return { kind: name === 'AbortError' || name === 'TimeoutError' ? 'unavailable' : 'other', message };
  }
  const status = error.status;
  const described = error.code === undefined ? message : `${message} (code ${String(error.code)})`;
  if (status === 429 || status === 408 || status >= 500) return { kind: 'unavailable', status, message: described };
  if (status === 401) return { kind: 'auth', status, message: described };
  if (status === 404) return { kind: 'not_found', status, message: described };
  if (status === 403 || status === 422 || status === 400) return { kind: 'refused', status, message: described };
  return { kind: 'other', status, message: described };
}

/**
 * A trading call's failure as fleet's error tree: not reachable → BrokerUnavailableError (the
 * order may or may not have arrived), keys refused → a FleetError naming the variables (never
 * their values), anything else → a FleetError with Alpaca's words.
 */
export function tradingError(failure: AlpacaFailure, action: string, cause: unknown): FleetError {
  if (failure.kind === 'unavailable') {
    return new BrokerUnavailableError(`alpaca did not answer while ${action}: ${failure.message}`, undefined, {
      cause,
    });
  }
  if (failure.kind === 'auth') {
    return new FleetError(
      `alpaca refused the API keys (from ${ALPACA_KEY_NAMES.apiKey} and ${ALPACA_KEY_NAMES.secret}) while ${action}: ` +
        `${failure.message}; paper and live accounts have different keys`,
      undefined,
      { cause },
    );
  }
  return new FleetError(`alpaca failed while ${action}: ${failure.message}`, undefined, { cause });
}

/** A market-data call's failure: retryable ones as TemporaryExchangeError (withRetry retries them). */
export function dataError(failure: AlpacaFailure, action: string, cause: unknown): FleetError {
  if (failure.kind === 'unavailable') {
    return new TemporaryExchangeError(`alpaca did not answer while ${action}: ${failure.message}`, { cause });
  }
  return tradingError(failure, action, cause);
}
