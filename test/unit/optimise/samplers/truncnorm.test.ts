import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../src/core/index.js';
import {
  erf,
  erfc,
  logGaussMass,
  logNdtr,
  ndtr,
  ndtriExp,
  sampleTruncnorm,
  truncnormLogPdf,
  truncnormPpf,
} from '../../../../src/optimise/samplers/index.js';

/** Simpson's rule over [lo, hi] of exp(logPdf). */
function integrate(logPdf: (x: number) => number, lo: number, hi: number, intervals = 2000): number {
  const h = (hi - lo) / intervals;
  let sum = Math.exp(logPdf(lo)) + Math.exp(logPdf(hi));
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * Math.exp(logPdf(lo + i * h));
  return (sum * h) / 3;
}

// Reference values from SciPy (scipy.special.erf/erfc/ndtr/log_ndtr, scipy.stats.truncnorm).
const SPECIAL: [number, number, number, number, number][] = [
  // x, erf, erfc, ndtr, log_ndtr
  [-30, -1, 2, 4.906713927147908e-198, -454.32124395634327],
  [-10, -1, 2, 7.61985302416047e-24, -53.23128515051248],
  [-2, -0.9953222650189527, 1.9953222650189528, 0.022750131948179195, -3.7831843336820317],
  [-0.5, -0.5204998778130465, 1.5204998778130465, 0.3085375387259869, -1.1759117615936188],
  [0.3, 0.3286267594591274, 0.6713732405408726, 0.6179114221889526, -0.4814101615884813],
  [1, 0.8427007929497148, 0.15729920705028516, 0.8413447460685429, -0.1727537790234499],
  [3, 0.9999779095030014, 2.2090496998585445e-5, 0.9986501019683699, -0.0013508099647481925],
  [5, 0.9999999999984626, 1.5374597944280347e-12, 0.9999997133484281, -2.8665161296376294e-7],
  [8, 1, 1.1224297172982928e-29, 0.9999999999999993, -6.220960574271742e-16],
];

const close = (actual: number, expected: number, relative = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-300));

describe('normal special functions', () => {
  it('match SciPy to ~1e-12 relative, tails included', () => {
    for (const [x, e, ec, n, ln] of SPECIAL) {
      close(erf(x), e);
      close(erfc(x), ec);
      close(ndtr(x), n);
      close(logNdtr(x), ln);
    }
  });

  it('ndtriExp inverts logNdtr from the far left tail to just below 0', () => {
    for (const y of [-1000, -50, -10, -2, -0.7, -0.1, -1e-3, -1e-10]) close(logNdtr(ndtriExp(y)), y, 1e-9);
  });

  it('logGaussMass keeps its digits where the mass is tiny', () => {
    // log(Phi(9) - Phi(8)) and its mirror image, from SciPy: -35.01361859343716.
    close(logGaussMass(8, 9), -35.01361859343716, 1e-12);
    close(logGaussMass(-9, -8), -35.01361859343716, 1e-12);
    close(logGaussMass(-1, 1), Math.log(0.6826894921370859), 1e-12);
    expect(Number.isFinite(logGaussMass(40, 41))).toBe(true);
  });
});

describe('the truncated normal', () => {
  const cases: [number, number][] = [
    [-1, 1],
    [-3, 0.5],
    [0.2, 4],
    [8, 9],
    [-9, -8],
    [30, 31],
    [-50, -49.5],
  ];

  it('log-pdf integrates to 1 over its support, even far out in a tail', () => {
    for (const [a, b] of cases) {
      for (const [loc, scale] of [
        [0, 1],
        [2, 0.5],
      ]) {
        const mass = integrate((x) => truncnormLogPdf(x, a, b, loc, scale), loc + a * scale, loc + b * scale);
        expect(Math.abs(mass - 1), `[${a}, ${b}] loc ${loc} scale ${scale}`).toBeLessThan(1e-6);
      }
    }
  });

  it('is -Infinity outside its support', () => {
    expect(truncnormLogPdf(0.5, 1, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(truncnormLogPdf(10, 8, 9)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('samples stay inside extreme truncations, are finite, and follow the density', () => {
    const random = createRandom(7);
    for (const [a, b] of cases) {
      const draws = Array.from({ length: 2000 }, () => sampleTruncnorm(random, a, b, 1, 2));
      const outside = draws.filter((x) => !(Number.isFinite(x) && x >= 1 + 2 * a && x <= 1 + 2 * b));
      expect(outside, `[${a}, ${b}]`).toEqual([]);
      // The share of draws below the median is about a half.
      const median = truncnormPpf(0.5, a, b) * 2 + 1;
      const below = draws.filter((x) => x < median).length / draws.length;
      expect(Math.abs(below - 0.5), `[${a}, ${b}]`).toBeLessThan(0.05);
    }
  });

  it('ppf matches SciPy and is the inverse of the CDF', () => {
    // scipy.stats.truncnorm.ppf(q, a, b)
    close(truncnormPpf(0.1, 8, 9), 8.012960571504212, 1e-10);
    close(truncnormPpf(0.9, -9, -8), -8.012960571504212, 1e-10);
    close(truncnormPpf(0.5, -1, 2), 0.17116391801782482, 1e-10);
    close(truncnormPpf(0.9, 30, 31), 30.076570337034926, 1e-10);
    expect(truncnormPpf(0, 8, 9)).toBe(8);
    expect(truncnormPpf(1, 8, 9)).toBe(9);
    for (const q of [0.01, 0.3, 0.77]) {
      const x = truncnormPpf(q, -2, 1.5);
      const cdf = (ndtr(x) - ndtr(-2)) / (ndtr(1.5) - ndtr(-2));
      close(cdf, q, 1e-9);
    }
  });
});
