import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../../src/core/index.js';

/** Whether the promise has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the given time', async () => {
    vi.useFakeTimers();
    const wait = sleep(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(wait)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(wait)).toBe(true);
  });

  it('ends early, without an error, when the signal aborts; at once when it already has', async () => {
    vi.useFakeTimers();
    const stop = new AbortController();
    const wait = sleep(60_000, stop.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(await settled(wait)).toBe(false);
    stop.abort();
    expect(await settled(wait)).toBe(true);
    expect(await settled(sleep(60_000, stop.signal))).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits beyond setTimeout's 24.8-day limit instead of firing at once", async () => {
    vi.useFakeTimers();
    const day = 86_400_000;
    const wait = sleep(30 * day);
    await vi.advanceTimersByTimeAsync(25 * day);
    expect(await settled(wait)).toBe(false);
    await vi.advanceTimersByTimeAsync(5 * day);
    expect(await settled(wait)).toBe(true);
  });

  it('returns at once for nothing to wait', async () => {
    vi.useFakeTimers();
    expect(await settled(sleep(0))).toBe(true);
    expect(await settled(sleep(-5))).toBe(true);
  });
});
