import type { StoredTrial } from '../core/index.js';

export interface ParamImportance {
  readonly param: string;
  readonly importance: number;
}

/**
 * How much of the objective's variation each parameter explains on its own: the correlation
 * ratio η² (variance between groups of trials over total variance), with numeric values grouped
 * into up to ten quantile bins, normalised to sum to 1. A cheap first-order stand-in for Optuna's
 * fANOVA: it misses interactions, but it shows at a glance which knobs matter.
 */
export function parameterImportance(trials: readonly StoredTrial[], params: readonly string[]): ParamImportance[] {
  const scored = trials.filter(
    (t): t is StoredTrial & { value: number } =>
      t.state === 'complete' && typeof t.value === 'number' && Number.isFinite(t.value),
  );
  const values = scored.map((t) => t.value);
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const total = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  const raw = params.map((param) => {
    if (total === 0 || scored.length < 2) return 0;
    const groups = new Map<string, number[]>();
    const keys = groupKeys(scored.map((t) => t.params[param]));
    scored.forEach((t, i) => {
      const group = groups.get(keys[i]) ?? [];
      group.push(t.value);
      groups.set(keys[i], group);
    });
    let between = 0;
    for (const group of groups.values()) {
      const m = group.reduce((s, v) => s + v, 0) / group.length;
      between += group.length * (m - mean) ** 2;
    }
    return between / total;
  });
  const sum = raw.reduce((s, v) => s + v, 0);
  return params
    .map((param, i) => ({ param, importance: sum > 0 ? raw[i] / sum : 0 }))
    .sort((a, b) => b.importance - a.importance || a.param.localeCompare(b.param));
}

/** Group labels: distinct values when there are few, else quantile bins of the numbers. */
function groupKeys(values: readonly unknown[]): string[] {
  const distinct = new Set(values.map(String));
  if (distinct.size <= 10 || !values.every((v) => typeof v === 'number')) return values.map(String);
  const sorted = [...(values as number[])].sort((a, b) => a - b);
  const edges = Array.from({ length: 9 }, (_, k) => sorted[Math.floor(((k + 1) * sorted.length) / 10)]);
  return (values as number[]).map((v) => String(edges.filter((edge) => v >= edge).length));
}
