import { RandomSampler, TpeSampler, type TrialRecord } from './src/optimise/samplers/index.ts';
import { runStudy } from './test/unit/optimise/samplers/helpers.ts';
const SPACE = { x: { kind: 'int', low: 0, high: 20, step: 1, log: false }, y: { kind: 'int', low: 0, high: 20, step: 1, log: false } } as const;
const objective = (p: any) => (p.x - 10) ** 2 + (p.y - 10) ** 2;
let a = 0, b = 0;
for (let seed = 1; seed <= 40; seed++) {
  const complete = runStudy(new RandomSampler({ seed }), SPACE as any, objective, N);
  const good = complete.reduce((p, q) => (p.value! <= q.value! ? p : q)).params;
  const trials: TrialRecord[] = [...complete, ...[N, N + 1].map((number) => ({ number, params: good, state: 'running' as const }))];
  const ctx = { space: SPACE as any, trials, direction: 'minimize' as const };
  const l = new TpeSampler({ seed, constantLiar: true }).sample(ctx), n = new TpeSampler({ seed }).sample(ctx);
  if (l.x !== good.x || l.y !== good.y) a++;
  if (n.x !== good.x || n.y !== good.y) b++;
}
console.log('moved with liar', a, 'without', b);
