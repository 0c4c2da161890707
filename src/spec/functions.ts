/**
 * The registry of functions an expression may call: names, argument kinds and result types only.
 * What each function computes lives in src/strategy (which maps these names onto src/indicators);
 * the checker needs nothing but this table.
 *
 * Argument kinds:
 *   series  a number per bar (a price, an indicator, arithmetic on them; a const number is allowed)
 *   bool    a boolean per bar (a signal, a comparison; a const bool is allowed)
 *   period  a const whole number >= 1 (a literal or an int parameter): a window length
 *   number  a const number (a literal, a parameter, arithmetic on them)
 */
export type ArgKind = 'series' | 'bool' | 'period' | 'number';

export interface FunctionSignature {
  readonly args: readonly { readonly name: string; readonly kind: ArgKind }[];
  readonly returns: 'number' | 'bool';
  readonly doc: string;
}

const series = (name: string) => ({ name, kind: 'series' as const });
const period = (name = 'period') => ({ name, kind: 'period' as const });
const number = (name: string) => ({ name, kind: 'number' as const });

export const FUNCTIONS = {
  sma: { args: [series('source'), period()], returns: 'number', doc: 'simple moving average' },
  ema: {
    args: [series('source'), period()],
    returns: 'number',
    doc: 'exponential moving average, seeded with the SMA of its first period values',
  },
  wma: { args: [series('source'), period()], returns: 'number', doc: 'linearly weighted moving average' },
  rsi: {
    args: [series('source'), period()],
    returns: 'number',
    doc: "relative strength index (Wilder's smoothing), 0..100",
  },
  atr: {
    args: [period()],
    returns: 'number',
    doc: "average true range of the bar's high, low and close (Wilder's smoothing)",
  },
  stdev: {
    args: [series('source'), period()],
    returns: 'number',
    doc: 'population standard deviation over the window',
  },
  bbands_upper: {
    args: [series('source'), period(), number('k')],
    returns: 'number',
    doc: 'Bollinger upper band: SMA + k standard deviations',
  },
  bbands_middle: {
    args: [series('source'), period(), number('k')],
    returns: 'number',
    doc: 'Bollinger middle band: the SMA',
  },
  bbands_lower: {
    args: [series('source'), period(), number('k')],
    returns: 'number',
    doc: 'Bollinger lower band: SMA - k standard deviations',
  },
  macd_line: {
    args: [series('source'), period('fast'), period('slow'), period('signal')],
    returns: 'number',
    doc: 'MACD line: EMA(fast) - EMA(slow)',
  },
  macd_signal: {
    args: [series('source'), period('fast'), period('slow'), period('signal')],
    returns: 'number',
    doc: 'MACD signal: EMA(signal) of the MACD line',
  },
  macd_hist: {
    args: [series('source'), period('fast'), period('slow'), period('signal')],
    returns: 'number',
    doc: 'MACD histogram: line - signal',
  },
  highest: {
    args: [series('source'), period()],
    returns: 'number',
    doc: 'highest value over the window (current bar included)',
  },
  lowest: {
    args: [series('source'), period()],
    returns: 'number',
    doc: 'lowest value over the window (current bar included)',
  },
  roc: {
    args: [series('source'), period()],
    returns: 'number',
    doc: 'rate of change in percent: 100 * (x - x[n]) / x[n]',
  },
  prev: { args: [series('source'), period('bars')], returns: 'number', doc: 'the value n bars ago' },
  crosses_above: {
    args: [series('a'), series('b')],
    returns: 'bool',
    doc: 'a was <= b on the previous bar and is > b now',
  },
  crosses_below: {
    args: [series('a'), series('b')],
    returns: 'bool',
    doc: 'a was >= b on the previous bar and is < b now',
  },
  abs: { args: [series('x')], returns: 'number', doc: 'absolute value' },
  min: { args: [series('a'), series('b')], returns: 'number', doc: 'the smaller of a and b' },
  max: { args: [series('a'), series('b')], returns: 'number', doc: 'the larger of a and b' },
} as const satisfies Record<string, FunctionSignature>;

export type FunctionName = keyof typeof FUNCTIONS;

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}
