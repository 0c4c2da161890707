import { ExitCode, FleetError } from '../core/index.js';

/**
 * The exchange could not answer now (rate limit, timeout, network, maintenance) but may on a later
 * try; `withRetry` retries these and nothing else.
 */
export class TemporaryExchangeError extends FleetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.failure, options);
  }
}
