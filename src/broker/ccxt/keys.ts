import { FleetError } from '../../core/index.js';
import { ALPACA_KEY_NAMES } from '../../exchange/index.js';

export interface ExchangeKeyNames {
  readonly apiKey: string;
  readonly secret: string;
}

/**
 * The environment variables holding an exchange's keys: binance → BINANCE_API_KEY, BINANCE_SECRET;
 * alpaca (the stock broker) → Alpaca's own APCA_API_KEY_ID, APCA_API_SECRET_KEY.
 */
export function exchangeKeyNames(exchangeId: string): ExchangeKeyNames {
  if (exchangeId === 'alpaca') return { ...ALPACA_KEY_NAMES };
  const prefix = exchangeId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { apiKey: `${prefix}_API_KEY`, secret: `${prefix}_SECRET` };
}

/** Whether both keys are set (non-empty): what the promotion gate asks before a bot goes live. */
export function hasExchangeKeys(exchangeId: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const names = exchangeKeyNames(exchangeId);
  return Boolean(env[names.apiKey]) && Boolean(env[names.secret]);
}

/** The keys from the environment, or a FleetError naming the variables to set (never their values). */
export function readExchangeKeys(
  exchangeId: string,
  env: NodeJS.ProcessEnv = process.env,
): { readonly apiKey: string; readonly secret: string } {
  const names = exchangeKeyNames(exchangeId);
  const apiKey = env[names.apiKey];
  const secret = env[names.secret];
  if (!apiKey || !secret) {
    const missing = [!apiKey && names.apiKey, !secret && names.secret].filter(Boolean).join(' and ');
    throw new FleetError(
      `trading live on ${exchangeId} needs API keys: set ${missing} in the environment (or .env); ` +
        `both ${names.apiKey} and ${names.secret} are required`,
    );
  }
  return { apiKey, secret };
}
