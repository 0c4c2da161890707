import {
  Atr,
  Bbands,
  CrossAbove,
  CrossBelow,
  Ema,
  Highest,
  Lag,
  Lowest,
  Macd,
  Roc,
  Rsi,
  Sma,
  Stdev,
  Wma,
} from '../indicators/index.js';
import type { FunctionName } from '../spec/index.js';
import type { BarInput } from './codegen.js';

/**
 * How each registry function of src/spec runs. Stateful functions get one instance per distinct
 * call (same function, same arguments: one instance), fed once per bar; pure ones are inlined.
 */
export type Builtin =
  | { readonly kind: 'pure'; readonly js: string }
  | {
      readonly kind: 'stateful';
      /** Instances with equal `family` and arguments are shared (bbands upper and lower: one Bbands). */
      readonly family: string;
      /** The const arguments become constructor arguments; series arguments are fed to update(). */
      readonly create: (constants: readonly number[]) => { update(...inputs: number[]): unknown };
      /** Series fed implicitly from the bar (ATR reads high, low, close). */
      readonly implicitInputs?: readonly BarInput[];
      /** Read this field after update() instead of update()'s return value. */
      readonly field?: string;
    };

const stateful = (
  family: string,
  create: (k: readonly number[]) => { update(...inputs: number[]): unknown },
  field?: string,
): Builtin => ({ kind: 'stateful', family, create, field });

export const BUILTINS: Record<FunctionName, Builtin> = {
  sma: stateful('sma', ([n]) => new Sma(n)),
  ema: stateful('ema', ([n]) => new Ema(n)),
  wma: stateful('wma', ([n]) => new Wma(n)),
  rsi: stateful('rsi', ([n]) => new Rsi(n)),
  atr: { kind: 'stateful', family: 'atr', create: ([n]) => new Atr(n), implicitInputs: ['h', 'l', 'c'] },
  stdev: stateful('stdev', ([n]) => new Stdev(n)),
  bbands_upper: stateful('bbands', ([n, k]) => new Bbands(n, k), 'upper'),
  bbands_middle: stateful('bbands', ([n, k]) => new Bbands(n, k), 'middle'),
  bbands_lower: stateful('bbands', ([n, k]) => new Bbands(n, k), 'lower'),
  macd_line: stateful('macd', ([f, s, g]) => new Macd(f, s, g), 'line'),
  macd_signal: stateful('macd', ([f, s, g]) => new Macd(f, s, g), 'signal'),
  macd_hist: stateful('macd', ([f, s, g]) => new Macd(f, s, g), 'hist'),
  highest: stateful('highest', ([n]) => new Highest(n)),
  lowest: stateful('lowest', ([n]) => new Lowest(n)),
  roc: stateful('roc', ([n]) => new Roc(n)),
  prev: stateful('prev', ([n]) => new Lag(n)),
  crosses_above: stateful('crosses_above', () => new CrossAbove()),
  crosses_below: stateful('crosses_below', () => new CrossBelow()),
  abs: { kind: 'pure', js: 'Math.abs' },
  min: { kind: 'pure', js: 'Math.min' },
  max: { kind: 'pure', js: 'Math.max' },
};
