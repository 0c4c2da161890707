import { didYouMean, UsageError } from '../core/index.js';
import { SANDBOX_SYMBOLS, SANDBOX_UNIVERSE, type SandboxProfile } from './sandbox-profiles.js';

export function sandboxProfile(symbol: string): SandboxProfile {
  const profile = SANDBOX_UNIVERSE.find((candidate) => candidate.symbol === symbol);
  if (profile) return profile;
  throw new UsageError(
    `unknown sandbox symbol '${symbol}'${didYouMean(symbol, SANDBOX_SYMBOLS)} (valid: ${SANDBOX_SYMBOLS.join(', ')})`,
  );
}
