import { sleep as defaultSleep } from '../core/index.js';
import { TemporaryExchangeError } from './errors.js';

export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Injected by tests so that backoff takes no time. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injected by tests for exact delays. */
  readonly random?: () => number;
  /** Called before each wait, e.g. to tell the user why it is slow. */
  readonly onRetry?: (error: TemporaryExchangeError, attempt: number, delayMs: number) => void;
}

/**
 * Runs `fn`, retrying TemporaryExchangeErrors with exponential backoff (base, 2×base, 4×base…,
 * capped) and jitter, so clients that failed together do not all return together. Any other
 * error, and the last temporary one, is thrown as is.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 5, baseDelayMs = 500, maxDelayMs = 10_000, sleep = defaultSleep, random = Math.random } = options;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a whole number >= 1`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof TemporaryExchangeError) || attempt >= attempts) throw error;
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
