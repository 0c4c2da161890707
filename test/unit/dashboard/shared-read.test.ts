import { describe, expect, it } from 'vitest';
import { sharedRead } from '../../../src/dashboard/shared-read.js';

describe('sharedRead', () => {
  it('shares one read while it is fresh, reads again after, on invalidate, and after a failure', async () => {
    let clock = 0;
    let reads = 0;
    let fail = false;
    const shared = sharedRead(
      async () => {
        reads++;
        if (fail) throw new Error('database away');
        return reads;
      },
      1000,
      () => clock,
    );
    expect(await Promise.all([shared.get(), shared.get()])).toEqual([1, 1]);
    clock = 999;
    expect(await shared.get()).toBe(1);
    clock = 1000;
    expect(await shared.get()).toBe(2);
    shared.invalidate();
    expect(await shared.get()).toBe(3);
    fail = true;
    shared.invalidate();
    await expect(shared.get()).rejects.toThrow('database away');
    fail = false;
    expect(await shared.get()).toBe(5);
  });
});
