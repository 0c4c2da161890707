import { describe, expect, it } from 'vitest';
import { suggest } from '../../../src/core/index.js';

describe('suggest', () => {
  const names = ['close', 'open', 'fast', 'slow', 'fast_ema', 'ema', 'sma'];

  it.each([
    ['clse', 'close'],
    ['fsat', 'fast'],
    ['emaa', 'ema'],
    ['Close', 'close'],
    ['fast_emma', 'fast_ema'],
    ['opn', 'open'],
    ['slo', 'slow'],
  ])('%s -> %s', (name, hit) => {
    expect(suggest(name, names)).toBe(hit);
  });

  it.each(['xyz', 'volume', 'a', 'zzzzzzzz'])('%s -> nothing', (name) => {
    expect(suggest(name, names)).toBeUndefined();
  });

  it('prefers the closest, then the first listed', () => {
    expect(suggest('sme', ['sma', 'ema'])).toBe('sma');
    expect(suggest('ab', ['ac', 'ad'])).toBe('ac');
  });

  it('falls back to a longer or shorter spelling', () => {
    expect(suggest('integer', ['int', 'float'])).toBe('int');
    expect(suggest('stop', ['stop_loss_pct'])).toBe('stop_loss_pct');
  });

  it('never suggests the name itself', () => {
    expect(suggest('fast', ['fast'])).toBeUndefined();
  });
});
