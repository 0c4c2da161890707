import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../../src/backtest/index.js';
import type { StoredTrial } from '../../../src/core/index.js';
import {
  neighbours,
  objectiveValue,
  parameterImportance,
  parseMetric,
  planSplit,
  searchSpace,
} from '../../../src/optimise/index.js';
import { readSpecFile } from '../../../src/spec/index.js';

describe('searchSpace and neighbours', () => {
  it('maps every parameter kind to a distribution and leaves fixed ones out', async () => {
    const macd = await readSpecFile('examples/specs/macd.json');
    const space = searchSpace(macd, { trend_len: 200 });
    expect(space.fast_len).toEqual({ kind: 'int', low: 5, high: 20, step: 1, log: false });
    expect(space.use_trend).toEqual({ kind: 'categorical', choices: [false, true] });
    expect(space.trend_len).toBeUndefined();
    const rsi = await readSpecFile('examples/specs/rsi-mean-reversion.json');
    expect(searchSpace(rsi).period).toEqual({ kind: 'categorical', choices: [7, 14, 21] });
    expect(searchSpace(rsi).stop).toMatchObject({ kind: 'float', log: true });
  });

  it('refuses a search with nothing left to search', async () => {
    const spec = await readSpecFile('examples/specs/bollinger-breakout.json');
    expect(() => searchSpace(spec, { length: 20, k: 2 })).toThrow('no parameter left to optimise');
  });

  it('finds one step either side, inside the range only', () => {
    expect(neighbours({ kind: 'int', low: 5, high: 50, step: 5, log: false }, 5)).toEqual({
      below: undefined,
      above: 10,
    });
    expect(neighbours({ kind: 'float', low: 0, high: 1, log: false }, 0.5)).toEqual({ below: 0.45, above: 0.55 });
    expect(neighbours({ kind: 'categorical', choices: [21, 7, 14] }, 14)).toEqual({ below: 7, above: 21 });
    expect(neighbours({ kind: 'categorical', choices: [false, true] }, true)).toEqual({});
    const log = neighbours({ kind: 'float', low: 0.01, high: 1, log: true }, 0.1);
    expect(log.below).toBeCloseTo(0.1 / 100 ** (1 / 20), 9);
  });
});

describe('objective and split', () => {
  const metrics = { sharpe: 1.2, sortino: 2, calmar: 0.5, totalReturn: 0.3, trades: 25, maxDrawdown: 0.3 } as Metrics;
  it('reads the chosen metric and scores nothing when a constraint breaks', () => {
    expect(objectiveValue(metrics, 'sortino', { minTrades: 10 })).toBe(2);
    expect(objectiveValue(metrics, 'total_return', { minTrades: 10 })).toBe(0.3);
    expect(objectiveValue(metrics, 'sharpe', { minTrades: 30 })).toBeNull();
    expect(objectiveValue(metrics, 'sharpe', { minTrades: 0, maxDrawdown: 0.2 })).toBeNull();
  });

  it('refuses an unknown metric with a suggestion', () => {
    expect(() => parseMetric('sharp')).toThrow("unknown metric 'sharp'; did you mean 'sharpe'?");
  });

  it('splits by ratio and refuses too little data on either side', () => {
    expect(planSplit(1000, 0.7).splitIndex).toBe(700);
    expect(() => planSplit(500, 0.7)).toThrow(
      'too little data for --split 0.7: 500 bars give 350 in-sample and 150 out-of-sample',
    );
    expect(() => planSplit(1000, 1)).toThrow('--split must be between 0 and 1');
  });
});

describe('parameterImportance', () => {
  it('gives the parameter that drives the objective nearly all of the share', () => {
    const trials: StoredTrial[] = Array.from({ length: 200 }, (_, i) => {
      const a = (i * 7919) % 100;
      const b = (i * 104729) % 100;
      return { number: i, state: 'complete', params: { a, b }, value: a * 10 + (b % 3) * 0.01 };
    });
    const [first, second] = parameterImportance(trials, ['b', 'a']);
    expect(first.param).toBe('a');
    expect(first.importance).toBeGreaterThan(0.95);
    expect(first.importance + second.importance).toBeCloseTo(1, 9);
  });
});
