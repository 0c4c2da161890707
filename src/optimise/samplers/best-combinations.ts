/**
 * Combinations of one candidate per parameter in order of decreasing summed score. The
 * independent TPE's log l(x) - log g(x) is a sum over the parameters, so the first combination,
 * each parameter's own best, is exactly what Optuna's per-parameter argmax proposes; the ones after
 * it are the next best points when the constraints reject that one.
 *
 * Best-first search: each tuple of ranks has one parent (its last non-zero rank minus 1), so
 * children raise only ranks at or after their parent's last raised one and no tuple appears twice.
 */
export function* bestCombinations(scores: readonly Float64Array[], limit: number): Generator<number[]> {
  if (scores.length === 0 || scores.some((s) => s.length === 0)) return;
  const clean = (x: number) => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x);
  const orders = scores.map((s) =>
    Array.from(s.keys()).sort((a, b) => {
      const x = clean(s[a]);
      const y = clean(s[b]);
      return x > y ? -1 : x < y ? 1 : a - b;
    }),
  );
  const total = (ranks: readonly number[]) => {
    let sum = 0;
    for (let d = 0; d < ranks.length; d++) sum += clean(scores[d][orders[d][ranks[d]]]);
    return Number.isNaN(sum) ? Number.NEGATIVE_INFINITY : sum;
  };
  const start = new Array<number>(scores.length).fill(0);
  const frontier = [{ ranks: start, sum: total(start), last: 0 }];
  for (let produced = 0; produced < limit && frontier.length > 0; produced++) {
    let best = 0;
    for (let i = 1; i < frontier.length; i++) if (frontier[i].sum > frontier[best].sum) best = i;
    const [node] = frontier.splice(best, 1);
    yield node.ranks.map((r, d) => orders[d][r]);
    for (let d = node.last; d < scores.length; d++) {
      if (node.ranks[d] + 1 >= scores[d].length) continue;
      const ranks = node.ranks.slice();
      ranks[d]++;
      frontier.push({ ranks, sum: total(ranks), last: d });
    }
  }
}
