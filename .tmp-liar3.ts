import { RandomSampler, TpeSampler, type TrialRecord } from './src/optimise/samplers/index.ts';
import { runStudy } from './test/unit/optimise/samplers/helpers.ts';
for (const hi of [6, 10, 20]) for (const mv of [false, true]) {
const SPACE = { x: { kind: 'int', low: 0, high: hi, step: 1, log: false }, y: { kind: 'int', low: 0, high: hi, step: 1, log: false } } as const;
const objective = (p: any) => (p.x - hi / 2) ** 2 + (p.y - hi / 2) ** 2;
let a = 0, b = 0, da = 0, db = 0;
for (let seed = 1; seed <= 40; seed++) {
  const complete = runStudy(new RandomSampler({ seed }), SPACE as any, objective, 20);
  const good = complete.reduce((p, q) => (p.value! <= q.value! ? p : q)).params;
  const trials: TrialRecord[] = [...complete, ...[20, 21].map((number) => ({ number, params: good, state: 'running' as const }))];
  const ctx = { space: SPACE as any, trials, direction: 'minimize' as const };
  const l = new TpeSampler({ seed, constantLiar: true, multivariate: mv }).sample(ctx), n = new TpeSampler({ seed, multivariate: mv }).sample(ctx);
  if (l.x !== good.x || l.y !== good.y) a++;
  if (n.x !== good.x || n.y !== good.y) b++;
  da += Math.hypot((l.x as number) - (good.x as number), (l.y as number) - (good.y as number));
  db += Math.hypot((n.x as number) - (good.x as number), (n.y as number) - (good.y as number));
}
console.log(hi, mv, 'moved with liar', a, 'without', b, 'dist', (da/40).toFixed(2), (db/40).toFixed(2));
}
