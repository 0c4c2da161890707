/** Alpaca takes fractional quantities to 9 decimal places. */
const FRACTION_DIGITS = 9;

/**
 * `quantity` cut down (never up: an order must not outgrow what the runner sized and its rails
 * checked) to what the asset may be ordered in: whole shares, or 1e-9 of a share when Alpaca
 * trades it in fractions. 0 when nothing is left.
 */
export function shareQuantity(quantity: number, fractionable: boolean): number {
  if (!Number.isFinite(quantity) || quantity <= 0) return 0;
  if (!fractionable) return Math.floor(quantity + 1e-9);
  const scale = 10 ** FRACTION_DIGITS;
  // The small nudge keeps 0.3 (0.29999999999999998…) from becoming 0.299999999.
  return Math.floor(quantity * scale + 1e-6) / scale;
}

/**
 * A limit price on Alpaca's tick: whole cents at $1 and above, 1/100 of a cent below (a sub-penny
 * price is refused). Never worse than asked: a buy's limit is rounded down, a sell's up.
 */
export function tickPrice(price: number, side: 'buy' | 'sell'): number {
  const scale = price >= 1 ? 100 : 10_000;
  const scaled = price * scale;
  const nudge = 1e-6; // 141.73 * 100 is 14172.999999999998
  return (side === 'buy' ? Math.floor(scaled + nudge) : Math.ceil(scaled - nudge)) / scale;
}
