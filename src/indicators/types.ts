/**
 * The shape every single-input indicator shares.
 *
 * Conventions (all indicators):
 * - `update` consumes one bar and returns the current value, NaN while warming up.
 * - `warmup` is the number of valid (non-NaN) inputs consumed before the first value, so the
 *   (warmup + 1)-th valid input gives the first non-NaN output; this equals TA-Lib's lookback.
 * - A NaN input leaves the state untouched and returns NaN, so a nested indicator that is still
 *   warming up only delays the warm-up of the outer one.
 *
 * Implementation rule: every field an update writes gets its initial number at the declaration
 * (`private sum = 0`). A bare declaration starts as undefined under ES2022 class fields; V8 then
 * stores later doubles boxed and every update allocates.
 */
export interface Indicator {
  update(x: number): number;
  reset(): void;
  readonly warmup: number;
}

/** An indicator fed with a bar's high, low and close (ATR). */
export interface HlcIndicator {
  update(high: number, low: number, close: number): number;
  reset(): void;
  readonly warmup: number;
}
