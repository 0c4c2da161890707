import { DesignRejectedError } from './errors.js';
import {
  after,
  bandParams,
  floatParam,
  type Idiom,
  intParam,
  longShort,
  REVERSION_UNIVERSE,
  STOP_RISK,
  stopLossParam,
  windowsIn,
} from './idiom.js';

const BELOW = 'below|under|beneath|less than|<|drops to|falls to|oversold';
const ABOVE = 'above|over|exceeds|greater than|>|rises to|recovers to|overbought';

/** Lower and upper thresholds of an oscillator on a 0..100 scale, from the idea or the defaults. */
function thresholds(idea: string, name: string, lower: number, upper: number): [number, number] {
  const lo = after(idea, BELOW) ?? lower;
  const hi = after(idea, ABOVE) ?? upper;
  for (const value of [lo, hi]) {
    if (value <= 0 || value >= 100) {
      throw new DesignRejectedError(`${name} threshold ${value} is outside 0..100`);
    }
  }
  if (lo >= hi) throw new DesignRejectedError(`${name}: the entry level ${lo} must be below the exit level ${hi}`);
  return [lo, hi];
}

/** A window named right after the oscillator's name ("rsi 14", "rsi(7)"), else the default. */
function windowAfter(idea: string, name: string, fallback: number): number {
  const n = after(idea, name);
  return n !== undefined && Number.isInteger(n) && n >= 2 ? n : fallback;
}

const rsi: Idiom = {
  id: 'rsi-threshold',
  title: 'RSI thresholds',
  example: 'buy when rsi drops below 25, sell when it rises above 60',
  matches: (idea) => /\brsi\b|relative strength/.test(idea),
  build: (idea) => {
    const period = windowAfter(idea, String.raw`rsi\b`, 14);
    const [lower, upper] = thresholds(idea.replace(/rsi\s*\(?\s*\d+/, 'rsi'), 'RSI', 30, 55);
    return {
      description: 'Buy oversold dips measured by RSI, sell once momentum has recovered.',
      logic:
        'The relative strength index compares recent gains with losses on a 0-100 scale. Below the lower level the instrument has fallen unusually hard; on mean-reverting instruments such drops tend to be partly retraced: go long. Above the upper level the rebound has happened: go flat. Loses in strong downtrends, which the stop caps.',
      universe: REVERSION_UNIVERSE,
      parameters: {
        rsi_len: intParam(period, 5, 30, 'RSI window in bars'),
        lower: floatParam(lower, 10, 40, 1, 'enter below this RSI'),
        upper: floatParam(upper, 45, 85, 1, 'exit above this RSI'),
        stop_loss: stopLossParam(idea, 0.08),
      },
      constraints: ['lower < upper'],
      indicators: { osc: 'rsi(close, rsi_len)' },
      signals: { oversold: 'osc < lower', recovered: 'osc > upper' },
      states: longShort('oversold', 'recovered'),
      risk: STOP_RISK,
    };
  },
};

const stochastic: Idiom = {
  id: 'stochastic',
  title: 'stochastic oscillator',
  example: 'buy when the 14-bar stochastic %k crosses above %d below 20, sell above 80',
  matches: (idea) => /stoch/.test(idea),
  build: (idea) => {
    const [period = 14, smooth = 3] = windowsIn(
      idea.replace(/(?:below|under|above|over|oversold|overbought|<|>)\s*\d+(?:\.\d+)?/g, ' '),
    );
    const [lower, upper] = thresholds(idea, 'stochastic', 20, 80);
    return {
      description: 'Stochastic %K crossing above %D in oversold territory: long; %K above the upper level: flat.',
      logic:
        'The stochastic %K places the close within the range of the last n bars on a 0-100 scale, and %D is its short average. %K turning up through %D while low means selling has dried up: go long; once %K is above the upper level the bounce is done: go flat. Ranging instruments suit it; trends keep it pinned at one end.',
      universe: REVERSION_UNIVERSE,
      parameters: {
        k_len: intParam(period, 5, 30, '%K window in bars'),
        d_len: intParam(smooth, 2, 10, '%D smoothing in bars'),
        lower: floatParam(lower, 5, 40, 1, 'enter when %K is below this'),
        upper: floatParam(upper, 60, 95, 1, 'exit when %K is above this'),
        stop_loss: stopLossParam(idea, 0.08),
      },
      constraints: ['lower < upper'],
      indicators: {
        range_low: 'lowest(low, k_len)',
        range_high: 'highest(high, k_len)',
        pct_k: '100 * (close - range_low) / max(range_high - range_low, 0.000000001)',
        pct_d: 'sma(pct_k, d_len)',
      },
      signals: { turn_up: 'crosses_above(pct_k, pct_d) and pct_k < lower', overbought: 'pct_k > upper' },
      states: longShort('turn_up', 'overbought'),
      risk: STOP_RISK,
    };
  },
};

const bollingerReversion: Idiom = {
  id: 'bollinger-reversion',
  title: 'Bollinger band reversion',
  example: 'buy when price closes below the lower bollinger band, sell at the middle band',
  matches: (idea) => /bollinger|\bbands?\b/.test(idea),
  build: (idea) => {
    return {
      description: 'Buy a close below the lower Bollinger band, sell back at the middle band.',
      logic:
        'A close below the lower band (the moving average minus k standard deviations) is an unusually low price for the recent past; on mean-reverting instruments it tends to return to the average: go long, go flat at the middle band. Fails when the drop starts a trend, which the stop caps.',
      universe: REVERSION_UNIVERSE,
      parameters: {
        ...bandParams(idea),
        stop_loss: stopLossParam(idea, 0.06),
      },
      indicators: {
        lower_band: 'bbands_lower(close, band_len, band_k)',
        mid_band: 'bbands_middle(close, band_len, band_k)',
      },
      signals: { stretched: 'crosses_below(close, lower_band)', reverted: 'close > mid_band' },
      states: longShort('stretched', 'reverted'),
      risk: STOP_RISK,
    };
  },
};

const zscore: Idiom = {
  id: 'zscore-reversion',
  title: 'z-score mean reversion',
  example: 'buy when the 50-bar z-score of price falls below -2, sell when it returns to 0',
  matches: (idea) => /z[\s-]?score|mean[\s-]reversion|revert(s|ing)? to the mean/.test(idea),
  build: (idea) => {
    const [length = 50] = windowsIn(idea).filter((n) => n > 5);
    const entryMatch = /(?:below|under|<)\s*(-?\d+(?:\.\d+)?)/.exec(idea);
    const entry = entryMatch === null ? 2 : Math.abs(Number(entryMatch[1]));
    const exitMatch = /(?:returns? to|back to|above|crosses)\s*(-?\d+(?:\.\d+)?)/.exec(idea);
    const exit = exitMatch === null ? 0 : Number(exitMatch[1]);
    if (!(entry > 0)) throw new DesignRejectedError(`the z-score entry level must be below 0, got -${entry}`);
    if (-entry >= exit)
      throw new DesignRejectedError(`the z-score exit level ${exit} must be above the entry -${entry}`);
    return {
      description: 'Buy when price is far below its moving average in standard deviations, sell once it is back.',
      logic:
        'The z-score measures how many standard deviations the close is from its moving average. Far below (z < -entry) the price is unusually cheap for its own recent history; on mean-reverting instruments it tends to come back: go long, go flat once z rises above the exit level. Trends break the assumption; the stop caps that.',
      universe: REVERSION_UNIVERSE,
      parameters: {
        z_len: intParam(length, 10, 200, 'mean and deviation window in bars'),
        entry_z: floatParam(entry, 1, 3.5, 0.25, 'enter when z falls below minus this'),
        exit_z: floatParam(exit, -1, 1, 0.25, 'exit when z rises above this'),
        stop_loss: stopLossParam(idea, 0.08),
      },
      constraints: ['0 - entry_z < exit_z'],
      indicators: {
        mean: 'sma(close, z_len)',
        spread: 'stdev(close, z_len)',
        z: '(close - mean) / max(spread, 0.000000001)',
      },
      signals: { cheap: 'z < 0 - entry_z', back: 'z > exit_z' },
      states: longShort('cheap', 'back'),
      risk: STOP_RISK,
    };
  },
};

export const REVERSION_IDIOMS: readonly Idiom[] = [stochastic, rsi, zscore, bollingerReversion];
