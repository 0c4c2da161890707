import { FleetError } from '../../core/index.js';

/** Alpaca's own variable names, the ones its SDK and tools read. */
export const ALPACA_KEY_NAMES = { apiKey: 'APCA_API_KEY_ID', secret: 'APCA_API_SECRET_KEY' } as const;

export interface AlpacaKeys {
  readonly keyId: string;
  readonly secret: string;
}

/** Both keys are set (non-empty). */
export function hasAlpacaKeys(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env[ALPACA_KEY_NAMES.apiKey]) && Boolean(env[ALPACA_KEY_NAMES.secret]);
}

/** The keys from the environment, or a FleetError naming the variables to set (never their values). */
export function readAlpacaKeys(env: NodeJS.ProcessEnv = process.env, purpose = 'trading on alpaca'): AlpacaKeys {
  const keyId = env[ALPACA_KEY_NAMES.apiKey];
  const secret = env[ALPACA_KEY_NAMES.secret];
  if (!keyId || !secret) {
    const missing = [!keyId && ALPACA_KEY_NAMES.apiKey, !secret && ALPACA_KEY_NAMES.secret]
      .filter(Boolean)
      .join(' and ');
    throw new FleetError(
      `${purpose} needs Alpaca API keys: set ${missing} in the environment (or .env); ` +
        `both ${ALPACA_KEY_NAMES.apiKey} and ${ALPACA_KEY_NAMES.secret} are required`,
    );
  }
  return { keyId, secret };
}
