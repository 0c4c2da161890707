import type { ParameterSpec, StrategySpecInput } from '../spec/index.js';

/** What an idiom contributes to a spec: everything but the name, version, timeframe and provenance. */
export type IdiomDraft = Omit<StrategySpecInput, '$schema' | 'name' | 'version' | 'timeframe' | 'provenance'>;

/**
 * One trading idiom the offline designer knows: how to recognise it in a sentence and how to turn
 * that sentence into a complete spec, numbers in the sentence becoming parameter defaults.
 */
export interface Idiom {
  /** Kebab-case id, also the spec's default name and the provenance `model` of an offline design. */
  readonly id: string;
  readonly title: string;
  /** A sentence the offline designer turns into this idiom (docs, the unknown-idea message, tests). */
  readonly example: string;
  /** Whether the (lower-cased) idea asks for this idiom. */
  matches(idea: string): boolean;
  /** The spec for the (lower-cased) idea; throws DesignError when a number in it cannot be used. */
  build(idea: string): IdiomDraft;
}

export const TREND_UNIVERSE = ['SBX-TREND', 'SBX-BEAR', 'SBX-WALK', 'SBX-CYCLE'];
export const REVERSION_UNIVERSE = ['SBX-MEANREV', 'SBX-CYCLE', 'SBX-QUIET'];
export const BREAKOUT_UNIVERSE = ['SBX-TREND', 'SBX-VOLATILE', 'SBX-JUMPY'];

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;

/** Every number in the idea, in order ("ema 12/26" → [12, 26]). */
export function numbersIn(idea: string): number[] {
  return [...idea.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

/** The first number right after one of the words (`after(idea, 'below|under|<')`), if any. */
export function after(idea: string, words: string): number | undefined {
  const m = new RegExp(String.raw`(?:${words})\s*(?:of|at|than|to|the|=|:|\()?\s*${NUMBER}`).exec(idea);
  return m === null ? undefined : Number(m[1]);
}

/** The first number right before one of the words (`before(idea, 'bars?|days?')`), if any. */
export function before(idea: string, words: string): number | undefined {
  const m = new RegExp(String.raw`${NUMBER}\s*-?\s*(?:${words})`).exec(idea);
  return m === null ? undefined : Number(m[1]);
}

/** The first of the candidates that is a number. */
export function first(...candidates: (number | undefined)[]): number | undefined {
  return candidates.find((c) => c !== undefined);
}

const STOP_PHRASE = /(?<!trailing\s)stop(?:[\s-]*loss)?\s*(?:of|at|=|:)?\s*(\d+(?:\.\d+)?)\s*(%|percent)?/;

/**
 * Whole numbers >= 2 in the idea, in order: the window lengths it names. A stop loss, percentages
 * and timeframes ("4h") are not windows.
 */
export function windowsIn(idea: string): number[] {
  const rest = idea
    .replace(STOP_PHRASE, ' ')
    .replace(/\d+(?:\.\d+)?\s*(?:%|percent)/g, ' ')
    .replace(/\b\d+[mhdw]\b/g, ' ');
  return numbersIn(rest).filter((n) => Number.isInteger(n) && n >= 2);
}

/** An int parameter whose range is widened, if need be, to hold the default. */
export function intParam(value: number, min: number, max: number, description: string, step = 1): ParameterSpec {
  const lo = Math.min(min, value);
  const hi = Math.max(max, value, lo + 1);
  const onGrid = Number.isInteger((value - lo) / step) && Number.isInteger((hi - lo) / step);
  return onGrid
    ? { type: 'int', min: lo, max: hi, step, default: value, description }
    : { type: 'int', min: lo, max: hi, default: value, description };
}

/** A float parameter whose range is widened to hold the default; the step is kept when the default is on it. */
export function floatParam(value: number, min: number, max: number, step: number, description: string): ParameterSpec {
  const lo = Math.min(min, value);
  const hi = Math.max(max, value);
  const k = (value - lo) / step;
  const onGrid = Math.abs(k - Math.round(k)) < 1e-9;
  return onGrid
    ? { type: 'float', min: lo, max: hi, step, default: value, description }
    : { type: 'float', min: lo, max: hi, default: value, description };
}

/**
 * The stop-loss parameter: "stop 3%" or "stop loss of 0.03" in the idea, else the idiom's default.
 * Percentages become fractions.
 */
export function stopLossParam(idea: string, fallback: number): ParameterSpec {
  const m = STOP_PHRASE.exec(idea);
  let value = fallback;
  if (m !== null) {
    const n = Number(m[1]);
    value = m[2] !== undefined || n >= 1 ? n / 100 : n;
  }
  return floatParam(value, 0.01, 0.2, 0.01, 'stop loss as a fraction of the entry price');
}

/** Whether the idea asks for a short side too. */
export function wantsShort(idea: string): boolean {
  return /\bshort|long\s*(?:and|\/|&)\s*short|both (?:ways|sides|directions)/.test(idea);
}

type Transition = NonNullable<IdiomDraft['states']>['transitions'][number];

/** Long on `enter`, flat on `exit`; with `short`, also short on `shortEnter` and flat on `shortExit`. */
export function longShort(enter: string, exit: string, short?: { enter: string; exit: string }): IdiomDraft['states'] {
  const transitions: Transition[] = [
    { from: 'flat', to: 'long', on: enter, action: 'enter' },
    { from: 'long', to: 'flat', on: exit, action: 'exit' },
  ];
  if (short !== undefined) {
    transitions.push(
      { from: 'flat', to: 'short', on: short.enter, action: 'enter' },
      { from: 'short', to: 'flat', on: short.exit, action: 'exit' },
    );
  }
  return { initial: 'flat', transitions };
}

/** Long on `up`, flat on `down`; when the idea asks for a short side, also short on `down`, flat on `up`. */
export function crossStates(idea: string, up: string, down: string): IdiomDraft['states'] {
  return longShort(up, down, wantsShort(idea) ? { enter: down, exit: up } : undefined);
}

/** Bollinger band parameters: a window (the first number above 5) and a width ("2.5 std"). */
export function bandParams(idea: string): Record<'band_len' | 'band_k', ParameterSpec> {
  const [length = 20] = windowsIn(idea).filter((n) => n > 5);
  const width = idea.match(/(\d+(?:\.\d+)?)\s*(?:std|standard|sd|sigma|deviations?)/)?.[1];
  return {
    band_len: intParam(length, 10, 60, 'band window in bars'),
    band_k: floatParam(width === undefined ? 2 : Number(width), 1, 3, 0.25, 'band width in standard deviations'),
  };
}

/** The risk block every offline idiom uses: the stop-loss parameter, 95% of equity per position. */
export const STOP_RISK = { stop_loss: 'stop_loss', position_size: 0.95 } as const;
