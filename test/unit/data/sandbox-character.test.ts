import { describe, expect, it } from 'vitest';
import type { Candles } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';

// Statistics of 20 seeds x 20,000 hourly bars (about 2.3 years each). Seeds are fixed, so these
// are deterministic; the margins are wide so that small tuning of a profile does not break them.
const SEEDS = Array.from({ length: 20 }, (_, seed) => seed);
const BARS = 20_000;

function logReturns(c: Candles): Float64Array {
  const r = new Float64Array(c.length - 1);
  for (let i = 1; i < c.length; i++) r[i - 1] = Math.log(c.close[i] / c.close[i - 1]);
  return r;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function variance(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return sum / values.length;
}

/** Variance of q-bar returns over q times the variance of 1-bar returns: 1 for a random walk. */
function varianceRatio(r: Float64Array, q: number): number {
  const sums = new Float64Array(r.length - q + 1);
  let window = 0;
  for (let i = 0; i < r.length; i++) {
    window += r[i];
    if (i >= q) window -= r[i - q];
    if (i >= q - 1) sums[i - q + 1] = window;
  }
  return variance(sums) / (q * variance(r));
}

function excessKurtosis(r: Float64Array): number {
  const m = mean(r);
  let m2 = 0;
  let m4 = 0;
  for (const x of r) {
    m2 += (x - m) ** 2;
    m4 += (x - m) ** 4;
  }
  m2 /= r.length;
  m4 /= r.length;
  return m4 / (m2 * m2) - 3;
}

/** Amplitude of the returns' Fourier component with the given period in bars. */
function cycleStrength(r: Float64Array, period: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < r.length; i++) {
    re += r[i] * Math.cos((2 * Math.PI * i) / period);
    im += r[i] * Math.sin((2 * Math.PI * i) / period);
  }
  return Math.hypot(re, im) / r.length;
}

const returnsOf = (symbol: string, seed: number) =>
  logReturns(generateSandboxCandles({ symbol, timeframe: '1h', bars: BARS, seed }));

describe('sandbox instruments have measurably different characters', () => {
  it('SBX-TREND rises and SBX-BEAR falls for most seeds', () => {
    const total = (symbol: string, seed: number) => returnsOf(symbol, seed).reduce((a, b) => a + b, 0);
    expect(SEEDS.filter((seed) => total('SBX-TREND', seed) > 0).length).toBeGreaterThanOrEqual(17);
    expect(SEEDS.filter((seed) => total('SBX-BEAR', seed) < 0).length).toBeGreaterThanOrEqual(17);
  });

  it('SBX-MEANREV mean-reverts (variance ratio well below SBX-WALK) for every seed', () => {
    for (const seed of SEEDS) {
      const meanrev = varianceRatio(returnsOf('SBX-MEANREV', seed), 48);
      const walk = varianceRatio(returnsOf('SBX-WALK', seed), 48);
      expect(meanrev).toBeLessThan(0.75);
      expect(walk).toBeGreaterThan(0.8);
      expect(meanrev).toBeLessThan(walk);
    }
  });

  it('SBX-VOLATILE has far higher realized volatility than SBX-QUIET', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const volatile = Math.sqrt(variance(returnsOf('SBX-VOLATILE', seed)));
      const quiet = Math.sqrt(variance(returnsOf('SBX-QUIET', seed)));
      expect(volatile).toBeGreaterThan(5 * quiet);
    }
  });

  it('SBX-JUMPY has fat tails where SBX-WALK has none', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      expect(excessKurtosis(returnsOf('SBX-JUMPY', seed))).toBeGreaterThan(10);
      expect(Math.abs(excessKurtosis(returnsOf('SBX-WALK', seed)))).toBeLessThan(0.5);
    }
  });

  it('SBX-CYCLE has a strong 30-day cycle that SBX-WALK lacks', () => {
    const period = 30 * 24;
    for (const seed of SEEDS.slice(0, 5)) {
      expect(cycleStrength(returnsOf('SBX-CYCLE', seed), period)).toBeGreaterThan(
        5 * cycleStrength(returnsOf('SBX-WALK', seed), period),
      );
    }
  });
});
