import type { Metrics } from '../../../../src/backtest/index.js';
import type { InstrumentReport } from '../../../../src/optimise/report/index.js';

/** A small deterministic generator, so every run draws the same report. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const metrics = (over: Partial<Metrics>): Metrics => ({
  totalReturn: 0.42,
  cagr: 0.18,
  sharpe: 1.85,
  sortino: 2.4,
  maxDrawdown: 0.12,
  calmar: 1.5,
  winRate: 0.55,
  profitFactor: 1.7,
  trades: 120,
  exposure: 0.6,
  avgTrade: 0.004,
  finalEquity: 14_200,
  ...over,
});

export const SAMPLE_BARS = 5000;
export const SAMPLE_SPLIT = 3500;
const HOUR = 3_600_000;
const START = Date.UTC(2022, 0, 1);

/** 5,000 hourly bars, split 70/30, with one spiky and one flat robustness row. */
export function sampleReport(over: Partial<InstrumentReport> = {}): InstrumentReport {
  const random = lcg(7);
  const time: number[] = [];
  const strategy: number[] = [];
  const buyAndHold: number[] = [];
  let price = 100;
  let equity = 10_000;
  for (let i = 0; i < SAMPLE_BARS; i++) {
    const move = (random() - 0.5) * 0.02 + 0.0001;
    price *= 1 + move;
    // The strategy follows half the market and an edge in sample, then loses it out of sample.
    equity *= 1 + move * 0.5 + (i < SAMPLE_SPLIT ? 0.0003 : -0.0001) + (random() - 0.5) * 0.004;
    time.push(START + i * HOUR);
    strategy.push(equity);
    buyAndHold.push((10_000 * price) / 100);
  }
  const history: { number: number; value: number | null; best: number | null }[] = [];
  let best: number | null = null;
  for (let n = 0; n < 200; n++) {
    const value = n % 37 === 5 ? null : Math.min(1.85, -0.5 + random() * 2 + n * 0.004);
    if (value !== null && (best === null || value > best)) best = value;
    history.push({ number: n, value, best });
  }
  return {
    spec: 'ema-cross',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    metric: 'sharpe',
    direction: 'maximize',
    sampler: 'tpe',
    seed: 42,
    trials: 200,
    split: {
      ratio: 0.7,
      inSampleBars: SAMPLE_SPLIT,
      outOfSampleBars: SAMPLE_BARS - SAMPLE_SPLIT,
      from: time[0],
      inSampleTo: time[SAMPLE_SPLIT - 1],
      splitTime: time[SAMPLE_SPLIT],
      to: time[SAMPLE_BARS - 1],
    },
    best: {
      params: { fast: 12, slow: 48, filter: 'atr', long_only: true },
      inSample: metrics({}),
      outOfSample: metrics({ sharpe: 0.61, totalReturn: -0.03, profitFactor: null, trades: 31 }),
      inSampleValue: 1.85,
      outOfSampleValue: 0.61,
      degradation: (0.61 - 1.85) / 1.85,
    },
    buyAndHold: { inSample: 0.25, outOfSample: -0.05 },
    equity: { time, strategy, buyAndHold, splitIndex: SAMPLE_SPLIT },
    history,
    importance: [
      { param: 'fast', importance: 0.62 },
      { param: 'slow', importance: 0.3 },
      { param: 'long_only', importance: 0.08 },
    ],
    robustness: [
      // fast: both neighbours fall far below the best, a lonely spike.
      {
        param: 'fast',
        value: 12,
        best: 1.85,
        below: { value: 11, objective: 0.2 },
        above: { value: 13, objective: 0.4 },
      },
      // slow: neighbours close to the best, it holds.
      {
        param: 'slow',
        value: 48,
        best: 1.85,
        below: { value: 47, objective: 1.7 },
        above: { value: 49, objective: 1.79 },
      },
    ],
    ...over,
  };
}
