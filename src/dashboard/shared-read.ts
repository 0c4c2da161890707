/** A read that the requests arriving while it is fresh share. */
export interface SharedRead<T> {
  get(): Promise<T>;
  /** The next get() reads again (after a change made here, so the page shows it at once). */
  invalidate(): void;
}

/**
 * Shares one read among callers for `maxAgeMs` after it started. Every open page polls every
 * couple of seconds, and the fleet's view reads every bot's fills: without this, each page and
 * each panel would read them all again. A failed read is not kept.
 */
export function sharedRead<T>(read: () => Promise<T>, maxAgeMs: number, clock = Date.now): SharedRead<T> {
  let current: { startedAt: number; value: Promise<T> } | undefined;
  return {
    get() {
      if (current !== undefined && clock() - current.startedAt < maxAgeMs) return current.value;
      const entry = { startedAt: clock(), value: read() };
      current = entry;
      entry.value.catch(() => {
        if (current === entry) current = undefined;
      });
      return entry.value;
    },
    invalidate() {
      current = undefined;
    },
  };
}
