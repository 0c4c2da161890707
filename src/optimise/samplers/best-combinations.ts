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
  const heap = new MaxHeap();
  const start = new Array<number>(scores.length).fill(0);
  heap.push({ ranks: start, sum: total(start), last: 0, order: 0 });
  let pushed = 1;
  for (let produced = 0; produced < limit && heap.size > 0; produced++) {
    const node = heap.pop();
    yield node.ranks.map((r, d) => orders[d][r]);
    for (let d = node.last; d < scores.length; d++) {
      if (node.ranks[d] + 1 >= scores[d].length) continue;
      const ranks = node.ranks.slice();
      ranks[d]++;
      heap.push({ ranks, sum: total(ranks), last: d, order: pushed++ });
    }
  }
}

interface Node {
  readonly ranks: number[];
  readonly sum: number;
  /** The coordinate raised last. */
  readonly last: number;
  /** Insertion order: equal sums come out first-in first-out, so the order is deterministic. */
  readonly order: number;
}

class MaxHeap {
  readonly #items: Node[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(node: Node): void {
    const items = this.#items;
    items.push(node);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!above(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): Node {
    const items = this.#items;
    const top = items[0];
    const end = items.pop()!;
    if (items.length > 0) {
      items[0] = end;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && above(items[left], items[best])) best = left;
        if (right < items.length && above(items[right], items[best])) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best], items[i]];
        i = best;
      }
    }
    return top;
  }
}

function above(a: Node, b: Node): boolean {
  return a.sum > b.sum || (a.sum === b.sum && a.order < b.order);
}
