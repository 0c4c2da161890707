/**
 * Did-you-mean: the candidate closest to `name` by optimal-string-alignment distance (Levenshtein
 * plus adjacent swaps, so 'fsat' finds 'fast'), else one that extends or truncates it, else
 * undefined when nothing is close enough to help.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = lower.length <= 3 ? 1 : lower.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined || lower.length < 3) return best;
  // A longer or shorter spelling of the same word ('integer' for 'int') is the next best guess.
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (candidate !== name && other.length >= 3 && (lower.startsWith(other) || other.startsWith(lower)))
      return candidate;
  }
  return undefined;
}

/** `; did you mean 'x'?` or '' — the tail most messages append. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const hit = suggest(name, candidates);
  return hit === undefined ? '' : `; did you mean '${hit}'?`;
}

function editDistance(a: string, b: string): number {
  // Three rolling rows: the swap rule looks two rows back.
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}
