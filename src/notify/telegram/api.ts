import type { Api, RawApi, Transformer } from 'grammy';

/** How often one API call is tried again after a 429 or a network failure before it throws. */
export const TELEGRAM_RETRIES = 3;

/** The longest 429 wait honoured in line; a longer one throws so the outbox retries later. */
const MAX_RETRY_AFTER_SECONDS = 60;

/**
 * A grammY API transformer that retries a call Telegram refused with 429 after its
 * `parameters.retry_after` seconds, and a call that failed on the network (connection reset, refused)
 * after a short pause, up to TELEGRAM_RETRIES times; then the error goes to the caller. A reset after
 * Telegram accepted the message can deliver it twice: Telegram has no idempotency key.
 */
export function retryTransformer(retries = TELEGRAM_RETRIES): Transformer<RawApi> {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      let result: Awaited<ReturnType<typeof prev>>;
      try {
        result = await prev(method, payload, signal);
      } catch (error) {
        if (attempt >= retries || signal?.aborted) throw error;
        await pause(100 * 2 ** attempt);
        continue;
      }
      const after = result.ok ? undefined : result.parameters?.retry_after;
      if (result.ok || result.error_code !== 429 || after === undefined || attempt >= retries) return result;
      if (after > MAX_RETRY_AFTER_SECONDS) return result;
      await pause(after * 1000);
    }
  };
}

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Installs the retry transformer on an API object (a Bot's `api`, or a bare Api). */
export function withRetries<A extends Api>(api: A): A {
  api.config.use(retryTransformer());
  return api;
}
