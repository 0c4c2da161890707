// Small timing helpers shared by the benchmarks: warm up, repeat, report the median.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds per run: `warmup` unmeasured runs, then the median of `runs`. */
export async function timeIt(run, { warmup = 2, runs = 7 } = {}) {
  for (let i = 0; i < warmup; i++) await run();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

export const millions = (x) => `${(x / 1e6).toFixed(1)} M`;
