import { RandomSampler, TpeSampler } from './src/optimise/samplers/index.ts';
import { BRANIN_SPACE, branin, runStudy, best } from './test/unit/optimise/samplers/helpers.ts';
const Q = { x: { kind: 'float', low: -5, high: 5, log: false }, y: { kind: 'float', low: -5, high: 5, log: false } } as const;
const quad = (p: any) => (p.x - 1.3) ** 2 + (p.y + 0.7) ** 2;
for (const [name, space, f] of [['quad', Q, quad], ['branin', BRANIN_SPACE, branin]] as const) {
  for (const dir of ['minimize', 'maximize'] as const) {
    const obj = dir === 'minimize' ? f : (p: any) => -f(p);
    const row: string[] = [];
    for (const kind of ['random', 'tpe', 'mv']) {
      let total = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const s = kind === 'random' ? new RandomSampler({ seed }) : new TpeSampler({ seed, multivariate: kind === 'mv' });
        const b = best(runStudy(s, space as any, obj as any, 60, dir), dir);
        total += dir === 'minimize' ? b : -b;
      }
      row.push(`${kind}=${total.toFixed(3)}`);
    }
    console.log(name, dir, row.join(' '));
  }
}
