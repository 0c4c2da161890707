import { describe, expect, it } from 'vitest';
import { downsampleIndices, EQUITY_CHART_MAX_POINTS, equityPoints } from '../../../../src/optimise/report/index.js';
import { SAMPLE_SPLIT, sampleReport } from './sample-report.js';

describe('downsampleIndices', () => {
  it('keeps every index of a series within the cap', () => {
    expect(downsampleIndices([3, 1, 2], 10)).toEqual([0, 1, 2]);
  });

  it('stays under the cap, ascending, keeping first, last, anchors and the global extremes', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) * 100 + i / 10);
    values[4321] = -500; // a one-bar crash in the middle of a bucket
    values[7777] = 2000;
    const kept = downsampleIndices(values, 500, [6000]);
    expect(kept.length).toBeLessThanOrEqual(500);
    expect(kept.length).toBeGreaterThan(400);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(new Set(kept).size).toBe(kept.length);
    for (const index of [0, 9999, 6000, 4321, 7777]) expect(kept).toContain(index);
  });

  it('keeps each bucket extreme, so a short drawdown stays visible', () => {
    // A flat line with a shallow dip in every stretch of 100 bars, never the global minimum.
    const values = Array.from({ length: 10_000 }, (_, i): number => (i % 100 === 37 ? 90 : 100));
    values[0] = 50;
    const kept = downsampleIndices(values, 400);
    const dips = kept.filter((i) => values[i] === 90).length;
    expect(dips).toBeGreaterThanOrEqual(90);
  });
});

describe('equityPoints', () => {
  it('downsamples the 5,000-bar sample under the cap with the split bar exact', () => {
    const { equity } = sampleReport();
    const points = equityPoints(equity.time, equity.strategy, equity.splitIndex, 1000);
    expect(points.length).toBeLessThanOrEqual(1000);
    const times = points.map(([t]) => t);
    expect(times[0]).toBe(equity.time[0]);
    expect(times.at(-1)).toBe(equity.time.at(-1));
    expect(times).toContain(equity.time[SAMPLE_SPLIT]);
    expect(times).toContain(equity.time[SAMPLE_SPLIT - 1]);
    const values = points.map(([, v]) => v);
    expect(Math.min(...values)).toBe(Math.min(...equity.strategy));
    expect(Math.max(...values)).toBe(Math.max(...equity.strategy));
    // Each kept point is a real bar, value and time together.
    for (const [t, v] of points) expect(equity.strategy[equity.time.indexOf(t)]).toBe(v);
  });

  it('uses the default cap of the equity chart', () => {
    const time = Array.from({ length: 50_000 }, (_, i) => i);
    const values = time.map((i) => Math.cos(i / 300));
    expect(equityPoints(time, values, 30_000).length).toBeLessThanOrEqual(EQUITY_CHART_MAX_POINTS);
  });
});
