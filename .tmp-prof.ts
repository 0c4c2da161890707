import { RandomSampler, type SearchSpace, TpeSampler, type TrialRecord } from './src/optimise/samplers/index.ts';

const all: SearchSpace = {
  a: { kind: 'int', low: 2, high: 200, step: 1, log: false },
  b: { kind: 'int', low: 1, high: 1000, step: 1, log: true },
  c: { kind: 'float', low: 0.1, high: 5, step: 0.1, log: false },
  d: { kind: 'categorical', choices: ['x', 'y', 'z'] },
  e: { kind: 'float', low: 1e-4, high: 1, log: true },
  f: { kind: 'categorical', choices: [true, false] },
};
for (const key of [process.argv[2]]) {
  const space = { [key]: all[key] };
  const r = new RandomSampler({ seed: 1 });
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 199; i++) {
    const params = r.sample({ space, trials, direction: 'minimize' });
    trials.push({ number: i, params, state: 'complete', value: Math.random() });
  }
  const s = new TpeSampler({ seed: 3 });
  for (let k = 0; k < 100; k++) s.sample({ space, trials, direction: 'minimize' });
  const t0 = performance.now();
  for (let k = 0; k < 300; k++) s.sample({ space, trials, direction: 'minimize' });
  console.log(key, (performance.now() - t0) / 300, 'ms');
}
