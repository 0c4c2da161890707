import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { loadSpec } from '../../../src/spec/index.js';
import { compileStrategy, FLAT } from '../../../src/strategy/index.js';
import { crossesAbove, emaArray, rsiArray } from '../backtest/naive-reference.js';

/** A spec whose only transition fires on `signal`, with extra indicators and parameters. */
function specWith(
  signal: string,
  extra: {
    indicators?: Record<string, string>;
    parameters?: Record<string, unknown>;
    signals?: Record<string, string>;
  } = {},
) {
  return loadSpec({
    name: 'probe',
    version: 1,
    description: 'probe',
    logic: 'probe',
    timeframe: '1h',
    universe: ['SBX-WALK'],
    parameters: extra.parameters ?? {},
    indicators: extra.indicators ?? {},
    signals: { ...extra.signals, probe_signal: signal },
    states: { transitions: [{ from: 'flat', to: 'long', on: 'probe_signal', action: 'enter' }] },
  });
}

const bars = generateSandboxCandles({ symbol: 'SBX-CYCLE', timeframe: '1h', bars: 2000, seed: 9 });

/** Evaluates the probe signal on every bar by always presenting the flat state. */
function signalSeries(checked: ReturnType<typeof specWith>, params?: Record<string, unknown>): boolean[] {
  const strategy = compileStrategy(checked, { params });
  return Array.from({ length: bars.length }, (_, i) => strategy.onBar(bars, i, FLAT) === 0);
}

describe('compileStrategy', () => {
  it('evaluates signals bar by bar like their array definitions', () => {
    const checked = specWith('crosses_above(ema(close, 8), ema(close, 21))');
    const expected = crossesAbove(emaArray(bars.close, 8), emaArray(bars.close, 21));
    expect(signalSeries(checked)).toEqual(expected);
    expect(expected.filter(Boolean).length).toBeGreaterThan(10);
  });

  it('updates stateful calls on every bar even behind and/or short-circuits', () => {
    const checked = specWith('close > open and crosses_above(ema(close, 5), ema(close, 13))');
    const cross = crossesAbove(emaArray(bars.close, 5), emaArray(bars.close, 13));
    const expected = cross.map((c, i) => bars.close[i] > bars.open[i] && c);
    expect(signalSeries(checked)).toEqual(expected);
  });

  it('makes a signal false while anything it reads is NaN, even under not', () => {
    const checked = specWith('not (rsi(close, 14) < 30)');
    const rsi = rsiArray(bars.close, 14);
    const series = signalSeries(checked);
    expect(series.slice(0, 14).every((v) => v === false)).toBe(true);
    expect(series).toEqual(rsi.map((x) => !Number.isNaN(x) && !(x < 30)));
  });

  it('carries NaN-readiness through signal references', () => {
    const checked = specWith('not oversold', { signals: { oversold: 'rsi(close, 10) < 30' } });
    const series = signalSeries(checked);
    expect(series.slice(0, 10).some(Boolean)).toBe(false);
    expect(series[10]).toBe(!(rsiArray(bars.close, 10)[10] < 30));
  });

  it('shares one instance between identical calls and between the outputs of one family', () => {
    const checked = specWith('close > upper and close > bbands_middle(close, 20, 2)', {
      indicators: {
        upper: 'bbands_upper(close, 20, 2)',
        lower: 'bbands_lower(close, 20, 2)',
        e1: 'ema(close, 9)',
        e2: 'ema(close, 9) * 2',
      },
    });
    const strategy = compileStrategy(checked);
    const updates = strategy.source.match(/\.update\(/g) ?? [];
    expect(updates).toHaveLength(2); // one Bbands, one EMA(9)
  });

  it('puts no text from the spec into the generated code', () => {
    const checked = specWith('zz_fast_line > zz_slow_line * zz_factor', {
      parameters: { zz_factor: { type: 'float', min: 0.5, max: 2, default: 1.25 } },
      indicators: { zz_fast_line: 'sma(close, 4)', zz_slow_line: 'sma(close, 12)' },
    });
    const { source } = compileStrategy(checked);
    expect(source).not.toMatch(/zz_|probe|1\.25/);
    // Every identifier in the source is a slot, a bar input, or one of a few fixed words.
    const words = new Set(source.match(/[A-Za-z_$][\w$]*/g));
    for (const word of words)
      expect(word).toMatch(
        /^(const|return|if|state|B|X|K|i|[ohlcv]|open|high|low|close|volume|update|upper|middle|lower|line|signal|hist|Math|abs|min|max|[nsgr]\d+)$/,
      );
    // Parameter values live outside the source, so every parameter set shares one function.
    expect(compileStrategy(checked, { params: { zz_factor: 1.5 } }).source).toBe(source);
  });

  it('folds parameters, including bool and string choices, into constants', () => {
    const checked = specWith('(use_filter and mode == "strict" and close > open) or (not use_filter and close > 0)', {
      parameters: {
        use_filter: { type: 'bool', default: true },
        mode: { type: 'choice', options: ['strict', 'loose'], default: 'strict' },
      },
    });
    const strict = signalSeries(checked);
    expect(strict).toEqual(Array.from(bars.close, (c, i) => c > bars.open[i]));
    expect(signalSeries(checked, { use_filter: false }).every(Boolean)).toBe(true);
    expect(signalSeries(checked, { mode: 'loose' }).some(Boolean)).toBe(false);
  });

  it('resolves sizes and risk from parameters', () => {
    const checked = loadSpec({
      ...JSON.parse(JSON.stringify(specWith('close > 0').spec)),
      parameters: { sl: { type: 'float', min: 0.01, max: 0.2, default: 0.04 } },
      risk: { stop_loss: 'sl', take_profit: 'sl * 3', position_size: 0.5 },
    });
    const strategy = compileStrategy(checked, { params: { sl: 0.05 } });
    expect(strategy.risk.stopLoss).toBe(0.05);
    expect(strategy.risk.takeProfit).toBeCloseTo(0.15, 12);
    expect(strategy.risk.positionSize).toBe(0.5);
    expect(compileStrategy(specWith('close > 0')).risk.stopLoss).toBeNaN();
  });

  it('refuses parameter values outside their range', () => {
    const checked = specWith('close > sma(close, n)', {
      parameters: { n: { type: 'int', min: 2, max: 50, default: 10 } },
    });
    expect(() => compileStrategy(checked, { params: { n: 80 } })).toThrow(UsageError);
  });

  it('starts again from nothing after reset', () => {
    const strategy = compileStrategy(specWith('crosses_above(ema(close, 3), ema(close, 7))'));
    const first = Array.from({ length: 300 }, (_, i) => strategy.onBar(bars, i, FLAT));
    strategy.reset();
    const second = Array.from({ length: 300 }, (_, i) => strategy.onBar(bars, i, FLAT));
    expect(second).toEqual(first);
  });
});
