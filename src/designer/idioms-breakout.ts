import {
  after,
  BREAKOUT_UNIVERSE,
  bandParams,
  floatParam,
  type Idiom,
  intParam,
  longShort,
  STOP_RISK,
  stopLossParam,
  TREND_UNIVERSE,
  wantsShort,
  windowsIn,
} from './idiom.js';

const BREAKOUT = /break\s*-?\s*out|breaks? (?:above|out)|breach|expansion|squeeze/;

const bollingerBreakout: Idiom = {
  id: 'bollinger-breakout',
  title: 'Bollinger band breakout',
  example: 'buy a breakout above the upper bollinger band, exit at the middle band',
  matches: (idea) => /bollinger|\bbands?\b/.test(idea) && (BREAKOUT.test(idea) || /upper band/.test(idea)),
  build: (idea) => {
    return {
      description: 'Go long when price breaks out above the upper Bollinger band; exit back at the middle band.',
      logic:
        'A close above the upper band (moving average plus k standard deviations) is a move larger than recent noise, which on trending or jumpy instruments often carries on: go long, and go flat once price falls back to the middle band. False breakouts in quiet ranges cost the stop.',
      universe: BREAKOUT_UNIVERSE,
      parameters: {
        ...bandParams(idea),
        stop_loss: stopLossParam(idea, 0.06),
      },
      indicators: {
        upper_band: 'bbands_upper(close, band_len, band_k)',
        mid_band: 'bbands_middle(close, band_len, band_k)',
      },
      signals: { breakout: 'crosses_above(close, upper_band)', back_inside: 'crosses_below(close, mid_band)' },
      states: longShort('breakout', 'back_inside'),
      risk: STOP_RISK,
    };
  },
};

const volumeBreakout: Idiom = {
  id: 'volume-breakout',
  title: 'volume breakout',
  example: 'buy a new 20-bar high on volume 2x its average, exit below the 10-bar low',
  matches: (idea) => /volume/.test(idea),
  build: (idea) => {
    const multiple = after(idea, 'volume|vol') ?? idea.match(/(\d+(?:\.\d+)?)\s*(?:x|times)/)?.[1];
    const [entry = 20, exit = 10] = windowsIn(idea.replace(/\d+(?:\.\d+)?\s*(?:x|times)\b/g, ' '));
    return {
      description: 'Long on a new high made on unusually heavy volume; flat below the exit channel.',
      logic:
        'A close above the highest high of the last n bars on volume well above its average is a breakout with conviction behind it, which tends to follow through: go long. Go flat when the close falls below the lowest low of a shorter window. Low-volume markets and news spikes give false signals.',
      universe: BREAKOUT_UNIVERSE,
      parameters: {
        entry_len: intParam(entry, 5, 100, 'breakout channel length in bars'),
        exit_len: intParam(Math.min(exit, entry - 1), 3, 50, 'exit channel length in bars'),
        vol_len: intParam(20, 5, 100, 'volume average window in bars'),
        vol_mult: floatParam(
          multiple === undefined ? 1.5 : Number(multiple),
          1,
          4,
          0.25,
          'volume must exceed this multiple of its average',
        ),
        stop_loss: stopLossParam(idea, 0.06),
      },
      constraints: ['exit_len < entry_len'],
      indicators: {
        channel_high: 'prev(highest(high, entry_len), 1)',
        channel_low: 'prev(lowest(low, exit_len), 1)',
        vol_avg: 'prev(sma(volume, vol_len), 1)',
      },
      signals: {
        heavy: 'volume > vol_mult * vol_avg',
        breakout: 'close > channel_high and heavy',
        exit_down: 'close < channel_low',
      },
      states: longShort('breakout', 'exit_down'),
      risk: STOP_RISK,
    };
  },
};

const donchian: Idiom = {
  id: 'donchian-breakout',
  title: 'Donchian channel breakout',
  example: 'buy a breakout above the 20-bar high, sell below the 10-bar low',
  matches: (idea) =>
    /donchian|turtle|channel|\d+[\s-]*(?:bar|day|period|week)s?\s+highs?\b/.test(idea) || BREAKOUT.test(idea),
  build: (idea) => {
    const [entry = 20, exit = Math.max(2, Math.floor(entry / 2))] = windowsIn(idea);
    const short = wantsShort(idea);
    return {
      description: 'Turtle-style channel breakout: long above the entry channel, flat below the exit channel.',
      logic:
        'A close above the highest high of the last n bars is a breakout that trend followers buy; a close below the lowest low of a shorter window ends the trade. Catches big trends, pays for many small false breakouts in ranges.',
      universe: TREND_UNIVERSE,
      parameters: {
        entry_len: intParam(entry, 5, 100, 'entry channel length in bars'),
        exit_len: intParam(Math.min(exit, entry - 1), 2, 50, 'exit channel length in bars'),
        stop_loss: stopLossParam(idea, 0.1),
      },
      constraints: ['exit_len < entry_len'],
      indicators: {
        entry_high: 'prev(highest(high, entry_len), 1)',
        entry_low: 'prev(lowest(low, entry_len), 1)',
        exit_high: 'prev(highest(high, exit_len), 1)',
        exit_low: 'prev(lowest(low, exit_len), 1)',
      },
      signals: {
        breakout: 'close > entry_high',
        breakdown: 'close < entry_low',
        long_exit: 'close < exit_low',
        short_exit: 'close > exit_high',
      },
      states: longShort('breakout', 'long_exit', short ? { enter: 'breakdown', exit: 'short_exit' } : undefined),
      risk: STOP_RISK,
    };
  },
};

const atrTrailing: Idiom = {
  id: 'atr-trailing-stop',
  title: 'ATR trailing stop',
  example: 'buy when price crosses above the 50 ema with a 3 atr trailing stop',
  matches: (idea) => /\batr\b|average true range|trailing|chandelier/.test(idea),
  build: (idea) => {
    const mult = idea.match(/(\d+(?:\.\d+)?)\s*(?:x\s*)?atr/)?.[1];
    const windows = windowsIn(idea.replace(/\d+(?:\.\d+)?\s*(?:x\s*)?atr/g, 'atr'));
    const [trend = 50, atrLen = 14] = windows;
    return {
      description:
        'Long when the close crosses above its EMA; out when it falls a multiple of ATR below its recent high.',
      logic:
        'The close crossing above a moving average starts a trade with the trend. The exit trails the highest close of the last n bars by k average true ranges (a chandelier stop), so it follows a rising market up and widens when the market is volatile instead of being shaken out by noise.',
      universe: TREND_UNIVERSE,
      parameters: {
        trend_len: intParam(trend, 10, 200, 'EMA length that starts a trade'),
        atr_len: intParam(atrLen, 5, 50, 'ATR window in bars'),
        atr_mult: floatParam(mult === undefined ? 3 : Number(mult), 1, 6, 0.25, 'trail this many ATRs below the high'),
        trail_len: intParam(22, 5, 100, 'bars whose highest close anchors the trail'),
        stop_loss: stopLossParam(idea, 0.1),
      },
      indicators: {
        trend_ema: 'ema(close, trend_len)',
        trail: 'highest(close, trail_len) - atr_mult * atr(atr_len)',
      },
      signals: { trend_up: 'crosses_above(close, trend_ema)', trailed_out: 'close < prev(trail, 1)' },
      states: longShort('trend_up', 'trailed_out'),
      risk: STOP_RISK,
    };
  },
};

export const BREAKOUT_IDIOMS: readonly Idiom[] = [volumeBreakout, bollingerBreakout, atrTrailing, donchian];
