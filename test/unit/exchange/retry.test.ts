import { describe, expect, it } from 'vitest';
import { FleetError } from '../../../src/core/index.js';
import { TemporaryExchangeError, withRetry } from '../../../src/exchange/index.js';

/** A function that fails with the given errors, in order, then returns 'ok'. */
function failing(errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    calls++;
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

const recorder = () => {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
};

describe('withRetry', () => {
  it('retries temporary errors with doubling, capped delays and returns the result', async () => {
    const { fn, calls } = failing([1, 2, 3, 4].map((i) => new TemporaryExchangeError(`busy ${i}`)));
    const { delays, sleep } = recorder();
    const result = await withRetry(fn, { attempts: 5, baseDelayMs: 100, maxDelayMs: 500, sleep, random: () => 0.999 });
    expect(result).toBe('ok');
    expect(calls()).toBe(5);
    expect(delays).toEqual([100, 200, 400, 500]);
  });

  it('jitters each delay within the upper half of its ceiling', async () => {
    const { fn } = failing([new TemporaryExchangeError('a'), new TemporaryExchangeError('b')]);
    const { delays, sleep } = recorder();
    await withRetry(fn, { baseDelayMs: 1000, sleep, random: () => 0 });
    expect(delays).toEqual([500, 1000]);
  });

  it('rethrows the last temporary error after the last attempt', async () => {
    const errors = [1, 2, 3, 4].map((i) => new TemporaryExchangeError(`busy ${i}`));
    const { fn, calls } = failing(errors);
    const { delays, sleep } = recorder();
    await expect(withRetry(fn, { attempts: 3, sleep })).rejects.toThrow('busy 3');
    expect(calls()).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('does not retry other errors', async () => {
    const { fn, calls } = failing([new FleetError('bad key'), new TemporaryExchangeError('never reached')]);
    const { delays, sleep } = recorder();
    await expect(withRetry(fn, { sleep })).rejects.toThrow('bad key');
    expect(calls()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('tells onRetry why it waits', async () => {
    const { fn } = failing([new TemporaryExchangeError('429')]);
    const seen: string[] = [];
    await withRetry(fn, {
      sleep: async () => {},
      random: () => 0.999,
      baseDelayMs: 10,
      onRetry: (error, attempt, delayMs) => seen.push(`${error.message} ${attempt} ${delayMs}`),
    });
    expect(seen).toEqual(['429 1 10']);
  });

  it('refuses a nonsense attempt count', async () => {
    await expect(withRetry(async () => 1, { attempts: 0 })).rejects.toThrow(RangeError);
  });
});
