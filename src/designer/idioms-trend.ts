import { DesignRejectedError } from './errors.js';
import {
  after,
  crossStates,
  first,
  type Idiom,
  type IdiomDraft,
  intParam,
  longShort,
  STOP_RISK,
  stopLossParam,
  TREND_UNIVERSE,
  windowsIn,
} from './idiom.js';

/** Fast and slow windows: the two smallest numbers in the idea, else one number and a default. */
function fastSlow(idea: string, fast: number, slow: number): [number, number] {
  const windows = windowsIn(idea);
  if (windows.length >= 2) {
    const [a, b] = windows;
    if (a === b) throw new DesignRejectedError(`the fast and slow windows are both ${a}: name two different lengths`);
    return [Math.min(a, b), Math.max(a, b)];
  }
  if (windows.length === 1) {
    const n = windows[0];
    return n < slow ? [n, slow] : [fast, n];
  }
  return [fast, slow];
}

/** A cross of two moving averages of one kind; with a short side when the idea asks for it. */
function crossDraft(
  idea: string,
  kind: 'sma' | 'ema',
  defaults: [number, number],
  words: { description: string; logic: string },
): IdiomDraft {
  const [fast, slow] = fastSlow(idea, ...defaults);
  return {
    description: words.description,
    logic: words.logic,
    universe: TREND_UNIVERSE,
    parameters: {
      fast_len: intParam(fast, 2, Math.max(50, fast * 2), `fast ${kind.toUpperCase()} length in bars`),
      slow_len: intParam(slow, fast + 1, Math.max(200, slow * 2), `slow ${kind.toUpperCase()} length in bars`),
      stop_loss: stopLossParam(idea, 0.05),
    },
    constraints: ['fast_len < slow_len'],
    indicators: { fast_ma: `${kind}(close, fast_len)`, slow_ma: `${kind}(close, slow_len)` },
    signals: { cross_up: 'crosses_above(fast_ma, slow_ma)', cross_down: 'crosses_below(fast_ma, slow_ma)' },
    states: crossStates(idea, 'cross_up', 'cross_down'),
    risk: STOP_RISK,
  };
}

const golden: Idiom = {
  id: 'golden-cross',
  title: 'golden / death cross',
  example: 'buy the golden cross, sell the death cross',
  matches: (idea) => /golden|death\s*cross/.test(idea),
  build: (idea) =>
    crossDraft(idea, 'sma', [50, 200], {
      description: 'Long on the golden cross (50 over 200 SMA), out on the death cross.',
      logic:
        'A golden cross (the 50-bar simple moving average crossing above the 200-bar one) marks a long-term trend turning up; the death cross marks it turning down. Slow by design: it catches big trends late and gives back part of them, and whipsaws in ranges.',
    }),
};

const emaCross: Idiom = {
  id: 'ema-cross',
  title: 'EMA cross',
  example: 'go long when the 12 ema crosses above the 26 ema',
  matches: (idea) => /\bema\b|exponential/.test(idea) && /cross/.test(idea),
  build: (idea) =>
    crossDraft(idea, 'ema', [12, 26], {
      description: 'Trend following on a fast/slow EMA crossover.',
      logic:
        'When the fast exponential moving average crosses above the slow one, recent prices are rising faster than the longer average, which often starts a trend: go long; cross back, go flat. Works on trending instruments, bleeds in sideways chop.',
    }),
};

const maCross: Idiom = {
  id: 'ma-cross',
  title: 'moving-average cross',
  example: 'buy when the 20 sma crosses above the 50 sma',
  matches: (idea) => /\bs?ma\b|moving average/.test(idea) && /cross/.test(idea),
  build: (idea) =>
    crossDraft(idea, 'sma', [20, 50], {
      description: 'Trend following on a fast/slow simple moving-average crossover.',
      logic:
        'When the fast simple moving average crosses above the slow one, the recent trend is up: go long; when it crosses back below, go flat. Lags turning points and whipsaws in ranges; the stop loss caps the damage of false crosses.',
    }),
};

const macd: Idiom = {
  id: 'macd-cross',
  title: 'MACD signal cross',
  example: 'buy when macd crosses above its signal line',
  matches: (idea) => /\bmacd\b/.test(idea),
  build: (idea) => {
    const [fast = 12, slow = 26, signal = 9] = windowsIn(idea);
    return {
      description: 'Long when the MACD line crosses above its signal line, flat when it crosses back.',
      logic:
        'The MACD line (fast EMA minus slow EMA) crossing above its own signal EMA says momentum has turned up: go long; crossing back below says it has faded: go flat. Late at turns and noisy in ranges.',
      universe: TREND_UNIVERSE,
      parameters: {
        fast_len: intParam(fast, 5, 20, 'fast EMA length'),
        slow_len: intParam(slow, 20, 60, 'slow EMA length'),
        signal_len: intParam(signal, 3, 20, 'signal line EMA length'),
        stop_loss: stopLossParam(idea, 0.05),
      },
      constraints: ['fast_len < slow_len'],
      indicators: {
        macd_val: 'macd_line(close, fast_len, slow_len, signal_len)',
        macd_sig: 'macd_signal(close, fast_len, slow_len, signal_len)',
      },
      signals: { cross_up: 'crosses_above(macd_val, macd_sig)', cross_down: 'crosses_below(macd_val, macd_sig)' },
      states: crossStates(idea, 'cross_up', 'cross_down'),
      risk: STOP_RISK,
    };
  },
};

const momentum: Idiom = {
  id: 'momentum',
  title: 'momentum / rate of change',
  example: 'buy when the 20-bar rate of change rises above 2%',
  matches: (idea) => /momentum|\broc\b|rate of change/.test(idea),
  build: (idea) => {
    const [length = 20] = windowsIn(idea);
    const threshold = first(after(idea, 'above|over|exceeds|>'), 0) ?? 0;
    return {
      description: 'Long while the rate of change over a window is above a threshold, flat when it turns negative.',
      logic:
        'Prices that have risen over the last n bars tend to keep rising for a while (time-series momentum). Go long when the rate of change crosses above the threshold (in percent), go flat when it falls below zero. Suffers at sharp reversals.',
      universe: TREND_UNIVERSE,
      parameters: {
        roc_len: intParam(length, 5, 100, 'rate-of-change window in bars'),
        entry_roc: {
          type: 'float',
          min: Math.min(0, threshold),
          max: Math.max(10, threshold),
          default: threshold,
          description: 'enter when the rate of change (percent) crosses above this',
        },
        stop_loss: stopLossParam(idea, 0.05),
      },
      indicators: { change: 'roc(close, roc_len)' },
      signals: { strong: 'crosses_above(change, entry_roc)', faded: 'change < 0' },
      states: longShort('strong', 'faded'),
      risk: STOP_RISK,
    };
  },
};

const priceAboveMa: Idiom = {
  id: 'price-ma',
  title: 'price above / below a moving average',
  example: 'buy when price closes above the 100 ema, sell below it',
  // Price against one average; two lengths make it a cross of two averages.
  matches: (idea) =>
    /(price|close)/.test(idea) && /\b(s|e)?ma\b|moving average/.test(idea) && windowsIn(idea).length <= 1,
  build: (idea) => {
    const [length = 100] = windowsIn(idea);
    const kind = /\bema\b|exponential/.test(idea) ? 'ema' : 'sma';
    return {
      description: `Long while the close is above its ${kind.toUpperCase()}, flat below it.`,
      logic:
        'The close crossing above a long moving average says the trend has turned up: go long; crossing back below: go flat. Simple and robust on trending instruments; chops in ranges around the average.',
      universe: TREND_UNIVERSE,
      parameters: {
        ma_len: intParam(length, 10, 300, `${kind.toUpperCase()} length in bars`),
        stop_loss: stopLossParam(idea, 0.05),
      },
      indicators: { trend_ma: `${kind}(close, ma_len)` },
      signals: { above: 'crosses_above(close, trend_ma)', below: 'crosses_below(close, trend_ma)' },
      states: longShort('above', 'below'),
      risk: STOP_RISK,
    };
  },
};

export const TREND_IDIOMS: readonly Idiom[] = [macd, golden, emaCross, maCross, momentum, priceAboveMa];
