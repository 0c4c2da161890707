/**
 * An independent, deliberately naive backtester for the agreement test: indicators recomputed
 * from whole arrays by their textbook definitions, signals as boolean arrays, and a simulation
 * written from the rules in docs/backtest.md without looking at src/backtest. Slow and obvious.
 */
import type { Candles } from '../../../src/core/index.js';

export const NAN = Number.NaN;

export function emaArray(xs: ArrayLike<number>, n: number): number[] {
  const out: number[] = Array.from({ length: xs.length }, () => NAN);
  if (xs.length < n) return out;
  let seed = 0;
  for (let i = 0; i < n; i++) seed += xs[i];
  out[n - 1] = seed / n;
  const k = 2 / (n + 1);
  for (let i = n; i < xs.length; i++) out[i] = (xs[i] - out[i - 1]) * k + out[i - 1];
  return out;
}

/** Wilder's RSI; 50 when a window has neither gains nor losses. */
export function rsiArray(xs: ArrayLike<number>, n: number): number[] {
  const out: number[] = Array.from({ length: xs.length }, () => NAN);
  if (xs.length <= n) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= n; i++) {
    const d = xs[i] - xs[i - 1];
    gain += Math.max(d, 0);
    loss += Math.max(-d, 0);
  }
  gain /= n;
  loss /= n;
  const value = () => (gain === 0 && loss === 0 ? 50 : 100 - 100 / (1 + gain / loss));
  out[n] = value();
  for (let i = n + 1; i < xs.length; i++) {
    const d = xs[i] - xs[i - 1];
    gain = (gain * (n - 1) + Math.max(d, 0)) / n;
    loss = (loss * (n - 1) + Math.max(-d, 0)) / n;
    out[i] = value();
  }
  return out;
}

export function windowArray(xs: ArrayLike<number>, n: number, pick: (window: number[]) => number): number[] {
  return Array.from({ length: xs.length }, (_, i) =>
    i < n - 1 ? NAN : pick(Array.from({ length: n }, (_, j) => xs[i - n + 1 + j])),
  );
}

export const shift = (xs: readonly number[], n: number): number[] => xs.map((_, i) => (i >= n ? xs[i - n] : NAN));

export const crossesAbove = (a: readonly number[], b: readonly number[]): boolean[] =>
  a.map((_, i) => i > 0 && a[i - 1] <= b[i - 1] && a[i] > b[i]);
export const crossesBelow = (a: readonly number[], b: readonly number[]): boolean[] =>
  a.map((_, i) => i > 0 && a[i - 1] >= b[i - 1] && a[i] < b[i]);

export interface NaiveRule {
  from: 'flat' | 'long' | 'short';
  to: 'flat' | 'long' | 'short';
  when: readonly boolean[];
  size?: number;
}

export interface NaiveTrade {
  side: 'long' | 'short';
  entryIndex: number;
  exitIndex: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  reason: string;
}

export interface NaiveSettings {
  feeBps: number;
  slippageBps: number;
  stopLoss?: number;
  takeProfit?: number;
  positionSize: number;
  initialCash: number;
}

export function naiveBacktest(bars: Candles, rules: readonly NaiveRule[], s: NaiveSettings) {
  const fee = s.feeBps / 10_000;
  const slip = s.slippageBps / 10_000;
  let cash = s.initialCash;
  type Position = { side: 'long' | 'short'; units: number; price: number; fee: number; index: number };
  let position: Position | null = null;
  let order: NaiveRule | null = null;
  const trades: NaiveTrade[] = [];
  const equity: number[] = [];

  const close = (price: number, i: number, reason: string) => {
    if (!position) return;
    const exitFee = position.units * price * fee;
    const direction = position.side === 'long' ? 1 : -1;
    cash += direction * position.units * price - exitFee;
    trades.push({
      side: position.side,
      entryIndex: position.index,
      exitIndex: i,
      entryPrice: position.price,
      exitPrice: price,
      pnl: direction * position.units * (price - position.price) - position.fee - exitFee,
      reason,
    });
    position = null;
  };

  for (let i = 0; i < bars.length; i++) {
    const o = bars.open[i];
    if (order) {
      if (position) close(position.side === 'long' ? o * (1 - slip) : o * (1 + slip), i, 'signal');
      if (order.to !== 'flat') {
        const side: 'long' | 'short' = order.to;
        const price = side === 'long' ? o * (1 + slip) : o * (1 - slip);
        const units: number = (cash * s.positionSize * (order.size ?? 1)) / (price * (1 + fee));
        const entryFee = units * price * fee;
        cash += side === 'long' ? -units * price - entryFee : units * price - entryFee;
        position = { side, units, price, fee: entryFee, index: i };
      }
      order = null;
    }
    if (position) {
      const long = position.side === 'long';
      const stop = s.stopLoss === undefined ? null : position.price * (long ? 1 - s.stopLoss : 1 + s.stopLoss);
      const target = s.takeProfit === undefined ? null : position.price * (long ? 1 + s.takeProfit : 1 - s.takeProfit);
      if (stop !== null && (long ? bars.low[i] <= stop : bars.high[i] >= stop)) {
        const level = long ? Math.min(o, stop) : Math.max(o, stop);
        close(long ? level * (1 - slip) : level * (1 + slip), i, 'stop_loss');
      } else if (target !== null && (long ? bars.high[i] >= target : bars.low[i] <= target)) {
        close(long ? Math.max(o, target) : Math.min(o, target), i, 'take_profit');
      }
    }
    const state: NaiveRule['from'] = position ? position.side : 'flat';
    order = rules.find((rule): boolean => rule.from === state && rule.when[i]) ?? null;
    const units = position ? (position.side === 'long' ? position.units : -position.units) : 0;
    equity.push(cash + units * bars.close[i]);
  }
  return { trades, equity };
}
