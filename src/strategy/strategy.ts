import type { Candles } from '../core/index.js';

/**
 * What the backtest and the runner drive, bar by bar. A compiled spec implements it, and so can a
 * hand-written TypeScript class (the escape hatch); neither clock knows which it has.
 */

/** Position states as numbers, so that the per-bar call allocates nothing. */
export const FLAT = 0;
export const LONG = 1;
export const SHORT = -1;
export type PositionState = typeof FLAT | typeof LONG | typeof SHORT;

export type TransitionAction = 'enter' | 'exit' | 'reverse';

export interface Transition {
  readonly from: PositionState;
  readonly to: PositionState;
  readonly action: TransitionAction;
  /** Fraction of the position size to use when entering, in (0, 1]. */
  readonly size: number;
  /** The signal that fires it, for trade records and logs. */
  readonly on: string;
}

/** Stop-loss and take-profit as fractions of the entry price; NaN where the strategy has none. */
export interface StrategyRisk {
  readonly stopLoss: number;
  readonly takeProfit: number;
  /** Fraction of equity a full-size entry commits, in (0, 1]. */
  readonly positionSize: number;
}

export interface Strategy {
  readonly name: string;
  readonly transitions: readonly Transition[];
  readonly risk: StrategyRisk;
  readonly initialState: PositionState;
  /**
   * Consumes closed bar `index` of `bars` and returns the index in `transitions` of the transition
   * that fires from `state`, or -1. Every bar must be fed, in order, whatever the state, so
   * indicators stay current. (Bars are passed by index, not as numbers, so that a call that is not
   * inlined does not box five doubles per bar.)
   */
  onBar(bars: Candles, index: number, state: PositionState): number;
  /** Back to the state before the first bar. */
  reset(): void;
}
