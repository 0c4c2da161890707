// setTimeout fires at once beyond this (about 24.8 days), so longer sleeps wait in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds, or until `signal` aborts, whichever comes first. It never rejects: a
 * wait cut short by a stop is not an error, so callers check `signal.aborted` afterwards.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  for (let left = ms; left > 0 && !signal?.aborted; left -= MAX_TIMER_MS) {
    await timer(Math.min(left, MAX_TIMER_MS), signal);
  }
}

function timer(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(handle);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const handle = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
