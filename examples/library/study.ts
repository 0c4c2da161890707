// A study on an objective of your own: the ema-cross spec's parameters tuned for return per unit
// of drawdown (a figure `fleet optimise` does not offer), on sandbox bars.
// Run in a project made by `fleet new`: npx tsx study.ts [strategies/ema-cross.json]
import { backtestSpec, generateSandboxCandles, readSpecFile } from 'fleet';
import { createStudy, feasibleFor, searchSpace } from 'fleet/optimise';

const spec = await readSpecFile(process.argv[2] ?? 'strategies/ema-cross.json');
const candles = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: spec.spec.timeframe, bars: 3000, seed: 1 });

const study = createStudy({
  direction: 'maximize',
  space: searchSpace(spec), // the spec's parameter ranges
  feasible: feasibleFor(spec), // and its constraints (fast < slow)
  seed: 42,
});
const result = await study.optimise(
  (params) => {
    const { metrics } = backtestSpec(spec, candles, { params });
    if (metrics.trades < 10) return null; // too few trades to judge: the worst value
    return metrics.totalReturn / Math.max(metrics.maxDrawdown, 0.01);
  },
  { trials: 60 },
);

if (!result.best) throw new Error('no parameter set made 10 trades');
console.log(JSON.stringify({ trials: result.trials.length, best: result.best }));
