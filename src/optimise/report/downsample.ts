/**
 * Picks at most `maxPoints` indices of a series for drawing, in ascending order, by min-max per
 * bucket: the series is cut at its first and last points, at every anchor and at its global
 * minimum and maximum (all always kept), and each stretch between cuts gets a share of the
 * remaining budget proportional to its length, split into buckets that each keep their lowest and
 * highest point. Unlike averaging or every-nth sampling this keeps drawdowns and spikes visible.
 * The cuts are kept even when a tiny cap has no room for them.
 */
export function downsampleIndices(
  values: ArrayLike<number>,
  maxPoints: number,
  anchors: readonly number[] = [],
): number[] {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  let lowest = 0;
  let highest = 0;
  for (let i = 1; i < n; i++) {
    if (values[i] < values[lowest]) lowest = i;
    if (values[i] > values[highest]) highest = i;
  }
  const cuts = [
    ...new Set([0, n - 1, lowest, highest, ...anchors.filter((a) => Number.isInteger(a) && a >= 0 && a < n)]),
  ];
  cuts.sort((a, b) => a - b);

  const interior = n - cuts.length;
  const budget = Math.max(0, maxPoints - cuts.length);
  const kept: number[] = [];
  for (let c = 0; c < cuts.length; c++) {
    kept.push(cuts[c]);
    if (c === cuts.length - 1) break;
    const start = cuts[c] + 1;
    const end = cuts[c + 1]; // exclusive
    const length = end - start;
    if (length <= 0) continue;
    // Floors keep the sum of shares within the budget.
    const share = Math.floor((budget * length) / interior);
    if (share >= length) {
      for (let i = start; i < end; i++) kept.push(i);
      continue;
    }
    const buckets = Math.floor(share / 2);
    for (let b = 0; b < buckets; b++) {
      const from = start + Math.floor((b * length) / buckets);
      const to = start + Math.floor(((b + 1) * length) / buckets);
      let min = from;
      let max = from;
      for (let i = from + 1; i < to; i++) {
        if (values[i] < values[min]) min = i;
        if (values[i] > values[max]) max = i;
      }
      if (min === max) kept.push(min);
      else kept.push(Math.min(min, max), Math.max(min, max));
    }
  }
  return kept;
}
