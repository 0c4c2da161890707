import type { Random } from '../../core/index.js';
import { erf, erfc } from './erf.js';

/**
 * The truncated standard normal on [a, b], after Optuna's _truncnorm.py (itself from SciPy):
 * masses and quantiles are taken in log space and in the left tail, where they keep their digits,
 * so a truncation far out in a tail (say [8, 9] sigma) still has a finite density and a sampler
 * that stays inside it.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;
const LOGISTIC_C = Math.sqrt(3) / Math.PI;

/** The standard normal CDF, through erfc in both tails. */
export function ndtr(a: number): number {
  const x = a * SQRT1_2;
  if (x < -SQRT1_2) return 0.5 * erfc(-x);
  if (x < SQRT1_2) return 0.5 + 0.5 * erf(x);
  return 1 - 0.5 * erfc(x);
}

/**
 * log(ndtr(a)), with the asymptotic series below -20 where ndtr underflows. Right of 0 it is
 * log1p of the small upper tail (Optuna switches only above 6, losing digits in between).
 */
export function logNdtr(a: number): number {
  if (a > 0) return Math.log1p(-ndtr(-a));
  if (a > -20) return Math.log(ndtr(a));
  if (a === Number.NEGATIVE_INFINITY) return a;
  const logLhs = -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI;
  let last = 0;
  let sum = 1;
  let numerator = 1;
  let denominator = 1;
  const inverseSquare = 1 / (a * a);
  let sign = 1;
  for (let i = 1; Math.abs(last - sum) > Number.EPSILON; i++) {
    last = sum;
    sign = -sign;
    denominator *= inverseSquare;
    numerator *= 2 * i - 1;
    sum += sign * numerator * denominator;
  }
  return logLhs + Math.log(sum);
}

function logAddExp(p: number, q: number): number {
  if (p === Number.NEGATIVE_INFINITY) return q;
  if (q === Number.NEGATIVE_INFINITY) return p;
  const top = Math.max(p, q);
  return top + Math.log1p(Math.exp(-Math.abs(p - q)));
}

/** log(exp(p) - exp(q)) for p >= q. */
function logDiff(p: number, q: number): number {
  return p + Math.log1p(-Math.exp(q - p));
}

/** log of the standard normal mass on [a, b]; each side computed where it is accurate. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return leftMass(a, b);
  if (a > 0) return leftMass(-b, -a);
  // Straddling 0: 1 minus both tails, without the cancellation of subtracting two CDFs near 1.
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/**
 * log mass on [a, b] <= 0. Optuna takes the difference of the two log CDFs; while ndtr(a) is a
 * normal double the plain difference is as accurate (its relative error is eps * ndtr(b) / mass,
 * which stays tiny for any cell the estimators use) and half the cost, which matters: the grid
 * parameters evaluate one of these per candidate and kernel.
 */
function leftMass(a: number, b: number): number {
  if (a > -37) return Math.log(ndtr(b) - ndtr(a));
  return logDiff(logNdtr(b), logNdtr(a));
}

/**
 * x with logNdtr(x) = y, by Newton's method from an asymptotic or logistic first guess (Optuna's
 * _ndtri_exp). y near 0 is solved on the mirrored side, where it is far from 0.
 */
export function ndtriExp(y: number): number {
  if (y >= 0) return Number.POSITIVE_INFINITY;
  if (y === Number.NEGATIVE_INFINITY) return y;
  const flipped = y > -1e-2;
  const z = flipped ? Math.log(-Math.expm1(y)) : y;
  let x = z < -5 ? -Math.sqrt(-2 * (z + LOG_SQRT_2PI)) : -LOGISTIC_C * Math.log(Math.expm1(-z));
  for (let i = 0; i < 100; i++) {
    const logCdf = logNdtr(x);
    const logPdf = -0.5 * x * x - LOG_SQRT_2PI;
    const dx = (logCdf - z) * Math.exp(logCdf - logPdf);
    x -= dx;
    if (!Number.isFinite(x)) return bisect(z, flipped);
    // Optuna's relative tolerance, plus an absolute one for roots at 0 (q = 0.5 on [-a, a]).
    if (Math.abs(dx) < 1e-8 * Math.abs(x) || Math.abs(dx) < 1e-15) break;
  }
  return flipped ? -x : x;
}

/** The slow, sure root finder Optuna used before its Newton version: the fallback if Newton strays. */
function bisect(z: number, flipped: boolean): number {
  let lo = -100;
  let hi = 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (logNdtr(mid) < z) lo = mid;
    else hi = mid;
  }
  const x = (lo + hi) / 2;
  return flipped ? -x : x;
}

/** The q-quantile of the standard normal truncated to [a, b] (clipped into it). */
export function truncnormPpf(q: number, a: number, b: number, logMass: number = logGaussMass(a, b)): number {
  if (a === b) return a;
  if (q <= 0) return a;
  if (q >= 1) return b;
  let x: number;
  if (a < 0) x = ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass));
  else x = -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
  return Math.max(a, Math.min(b, x));
}

/** log density at x of N(loc, scale) truncated to loc + scale * [a, b]; -Infinity outside. */
export function truncnormLogPdf(x: number, a: number, b: number, loc = 0, scale = 1): number {
  if (a === b) return Number.NaN;
  const z = (x - loc) / scale;
  if (z < a || z > b) return Number.NEGATIVE_INFINITY;
  return -0.5 * z * z - LOG_SQRT_2PI - logGaussMass(a, b) - Math.log(scale);
}

/** A draw from N(loc, scale) truncated to loc + scale * [a, b], by inverting the CDF. */
export function sampleTruncnorm(random: Random, a: number, b: number, loc = 0, scale = 1): number {
  return truncnormPpf(random.next(), a, b) * scale + loc;
}
