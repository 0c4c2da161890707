/** Shared data generators, reference implementations and comparisons for the indicator tests. */
import { expect } from 'vitest';
import { createRandom } from '../../../src/core/index.js';

/** A geometric random walk around `start` (1% moves by default), seeded. */
export function randomWalk(seed: number, length: number, start = 100, vol = 0.01): Float64Array {
  const rng = createRandom(seed);
  const out = new Float64Array(length);
  let p = start;
  for (let i = 0; i < length; i++) {
    p *= Math.exp(vol * rng.normal());
    out[i] = p;
  }
  return out;
}

/** An integer walk with steps -1, 0, +1: plenty of ties and flat stretches. */
export function tieWalk(seed: number, length: number, start = 50): Float64Array {
  const rng = createRandom(seed);
  const out = new Float64Array(length);
  let p = start;
  for (let i = 0; i < length; i++) {
    p += Math.floor(rng.next() * 3) - 1;
    out[i] = p;
  }
  return out;
}

/** High/low around a close walk, with gaps so the previous close often lies outside the bar. */
export function randomBars(
  seed: number,
  length: number,
): { high: Float64Array; low: Float64Array; close: Float64Array } {
  const rng = createRandom(seed);
  const close = randomWalk(seed + 1000, length, 100, 0.02);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    high[i] = close[i] * (1 + 0.01 * rng.next());
    low[i] = close[i] * (1 - 0.01 * rng.next());
  }
  return { high, low, close };
}

export function leadingNaNs(series: ArrayLike<number>): number {
  let i = 0;
  while (i < series.length && Number.isNaN(series[i])) i++;
  return i;
}

/** Same NaN positions, and every value within 1e-9 relative (absolute below magnitude 1). */
export function expectSeriesClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      expect(`${i}: ${a}`).toBe(`${i}: ${e}`);
      continue;
    }
    const scale = Math.max(1, Math.abs(a), Math.abs(e));
    if (Math.abs(a - e) > tolerance * scale) expect(`${i}: ${a}`).toBe(`${i}: ${e}`);
  }
}

function mean(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  return s / (to - from);
}

/**
 * Exponential smoothing in closed form, recomputed from the whole history at every bar:
 * seed = mean(x[start .. start+n-1]); at bar i >= start+n-1,
 * value = (1-a)^(i-s) * seed + sum over j in (s, i] of a * (1-a)^(i-j) * x[j], with s = start+n-1.
 * a = 2/(n+1) is the EMA, a = 1/n is Wilder's smoothing.
 */
export function closedFormSmooth(x: ArrayLike<number>, start: number, n: number, a: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  const s = start + n - 1;
  if (s >= x.length) return out;
  const seed = mean(x, start, s + 1);
  for (let i = s; i < x.length; i++) {
    let v = (1 - a) ** (i - s) * seed;
    for (let j = s + 1; j <= i; j++) v += a * (1 - a) ** (i - j) * x[j];
    out[i] = v;
  }
  return out;
}

export function refSma(x: Float64Array, n: number): Float64Array {
  return x.map((_, i) => (i >= n - 1 ? mean(x, i - n + 1, i + 1) : NaN));
}

export function refEma(x: Float64Array, n: number): Float64Array {
  return closedFormSmooth(x, 0, n, 2 / (n + 1));
}

export function refWma(x: Float64Array, n: number): Float64Array {
  return x.map((_, i) => {
    if (i < n - 1) return NaN;
    let num = 0;
    let den = 0;
    for (let w = 1; w <= n; w++) {
      num += w * x[i - n + w];
      den += w;
    }
    return num / den;
  });
}

/** RSI = 100 - 100 / (1 + RS), RS = avg gain / avg loss; no loss -> 100, no change -> 50. */
export function refRsi(x: Float64Array, n: number): Float64Array {
  const gains = new Float64Array(x.length);
  const losses = new Float64Array(x.length);
  for (let i = 1; i < x.length; i++) {
    gains[i] = Math.max(x[i] - x[i - 1], 0);
    losses[i] = Math.max(x[i - 1] - x[i], 0);
  }
  const g = closedFormSmooth(gains, 1, n, 1 / n);
  const l = closedFormSmooth(losses, 1, n, 1 / n);
  return g.map((gain, i) => {
    const loss = l[i];
    if (Number.isNaN(gain)) return NaN;
    if (loss === 0) return gain === 0 ? 50 : 100;
    return 100 - 100 / (1 + gain / loss);
  });
}

export function refAtr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const tr = new Float64Array(close.length);
  for (let i = 1; i < close.length; i++) {
    tr[i] = Math.max(high[i] - low[i], Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1]));
  }
  return closedFormSmooth(tr, 1, n, 1 / n);
}

/** Two-pass population standard deviation of each full window. */
export function refStdev(x: Float64Array, n: number): Float64Array {
  return x.map((_, i) => {
    if (i < n - 1) return NaN;
    const m = mean(x, i - n + 1, i + 1);
    let ss = 0;
    for (let j = i - n + 1; j <= i; j++) ss += (x[j] - m) ** 2;
    return Math.sqrt(ss / n);
  });
}

export function refMacd(
  x: Float64Array,
  fast: number,
  slow: number,
  signal: number,
): { line: Float64Array; signal: Float64Array; hist: Float64Array } {
  const slowEma = closedFormSmooth(x, 0, slow, 2 / (slow + 1));
  // TA-Lib: the fast EMA's seed window ends on the same bar as the slow one's.
  const fastEma = closedFormSmooth(x, slow - fast, fast, 2 / (fast + 1));
  const rawLine = fastEma.map((f, i) => f - slowEma[i]);
  const sig = closedFormSmooth(rawLine, slow - 1, signal, 2 / (signal + 1));
  const first = slow - 1 + signal - 1;
  const line = rawLine.map((v, i) => (i >= first ? v : NaN));
  return { line, signal: sig, hist: line.map((v, i) => v - sig[i]) };
}

export function refHighest(x: Float64Array, n: number): Float64Array {
  return x.map((_, i) => (i >= n - 1 ? Math.max(...x.subarray(i - n + 1, i + 1)) : NaN));
}

export function refLowest(x: Float64Array, n: number): Float64Array {
  return x.map((_, i) => (i >= n - 1 ? Math.min(...x.subarray(i - n + 1, i + 1)) : NaN));
}

export function refRoc(x: Float64Array, n: number): Float64Array {
  return x.map((v, i) => (i >= n ? (100 * (v - x[i - n])) / x[i - n] : NaN));
}

export function refLag(x: Float64Array, n: number): Float64Array {
  return x.map((_, i) => (i >= n ? x[i - n] : NaN));
}
