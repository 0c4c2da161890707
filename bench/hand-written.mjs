// The benchmark strategy written as one plain JavaScript loop, as a careful programmer would
// write it by hand: EMA(fast)/EMA(slow) cross, long only, filled at the next open with slippage
// and fees, equity marked at every close. The spec-driven engine is measured against this.

/** Returns the same things the engine does: the equity curve and the closed trades. */
export function handWrittenEmaCross(candles, fast, slow, feeBps, slippageBps, initialCash = 10_000) {
  const { open, close, length: n } = candles;
  const fee = feeBps / 10_000;
  const slip = slippageBps / 10_000;
  const kFast = 2 / (fast + 1);
  const kSlow = 2 / (slow + 1);
  const equity = new Float64Array(n);
  const trades = [];
  let emaFast = 0;
  let emaSlow = 0;
  let prevFast = Number.NaN;
  let prevSlow = Number.NaN;
  let cash = initialCash;
  let units = 0;
  let entryPrice = 0;
  let entryFee = 0;
  let entryIndex = -1;
  let pending = 0; // 1 buy at next open, -1 sell at next open

  for (let i = 0; i < n; i++) {
    const o = open[i];
    const c = close[i];
    if (pending === 1) {
      const price = o * (1 + slip);
      units = cash / (price * (1 + fee));
      entryFee = units * price * fee;
      cash -= units * price + entryFee;
      entryPrice = price;
      entryIndex = i;
    } else if (pending === -1) {
      const price = o * (1 - slip);
      const exitFee = units * price * fee;
      cash += units * price - exitFee;
      trades.push({
        entryIndex,
        exitIndex: i,
        entryPrice,
        exitPrice: price,
        pnl: units * (price - entryPrice) - entryFee - exitFee,
      });
      units = 0;
    }
    pending = 0;

    // EMAs seeded with the simple mean of their first n closes.
    let f = Number.NaN;
    let s = Number.NaN;
    if (i < fast) {
      emaFast += c;
      if (i === fast - 1) f = emaFast /= fast;
    } else f = emaFast = (c - emaFast) * kFast + emaFast;
    if (i < slow) {
      emaSlow += c;
      if (i === slow - 1) s = emaSlow /= slow;
    } else s = emaSlow = (c - emaSlow) * kSlow + emaSlow;

    if (units === 0) {
      if (prevFast <= prevSlow && f > s) pending = 1;
    } else if (prevFast >= prevSlow && f < s) pending = -1;
    prevFast = f;
    prevSlow = s;
    equity[i] = cash + units * c;
  }
  return { equity, trades };
}
