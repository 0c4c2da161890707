import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleet } from '../helpers/cli.js';

// The ejected files go into a folder inside the repository (under the ignored .fleet/), so their
// `import ... from 'fleet'` resolves as in a user's project: through the package's own name and
// its "exports" (dist/, built before the e2e tests run).
const root = new URL('../../', import.meta.url).pathname;
const examples = join(root, 'examples', 'specs');
const fixture = join(root, 'test', 'fixtures', 'eject', 'every-function.json');
let dir: string;

const vitest = (cwd: string, ...files: string[]) =>
  execa(join(root, 'node_modules', '.bin', 'vitest'), ['run', '--config', 'vitest.config.mjs', ...files], {
    cwd,
    reject: false,
    env: { CI: 'true', NO_COLOR: '1' },
  });

beforeAll(async () => {
  mkdirSync(join(root, '.fleet'), { recursive: true });
  dir = mkdtempSync(join(root, '.fleet', 'eject-test-'));
  writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'] } };\n");
  for (const spec of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
    const r = await fleet(['eject', join(examples, spec), '--out', dir, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
  }
  // A spec using every function, operator and state, with a keyword as a name, optimised values
  // and spec text trying to leave its comment; ejected into its own folder (the default --out).
  copyFileSync(fixture, join(dir, 'every-function.json'));
  const r = await fleet(['eject', join(dir, 'every-function.json')]);
  expect(r.exitCode, r.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fleet eject', () => {
  it('writes a module and a contract test per spec, and every contract test passes', async () => {
    const names = readdirSync(examples)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    for (const name of [...names, 'every-function']) {
      expect(readdirSync(dir)).toEqual(expect.arrayContaining([`${name}.ts`, `${name}.contract.test.ts`]));
    }
    const run = await vitest(dir);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Test Files\\s+${names.length + 1} passed`));
  }, 180_000);

  it('writes a module that type-checks against the package types', async () => {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
    const tsc = await execa(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
      cwd: dir,
      reject: false,
    });
    expect(tsc.exitCode, tsc.stdout + tsc.stderr).toBe(0);
  }, 120_000);

  it('keeps spec text in comments and names as identifiers', () => {
    const module = readFileSync(join(dir, 'every-function.ts'), 'utf8');
    for (const line of module.split(/\r\n|[\n\r\u2028\u2029]/)) {
      if (line.includes('process.exit') || line.includes('*/ not code')) expect(line.trimStart()).toMatch(/^\/\/ /);
    }
    expect(module).toContain('const class_ = this.sma1.update(close);');
    expect(module).toContain('readonly new: boolean;');
    expect(module).toContain('"SBX-CYCLE": {');
  });

  it('a module that drifts from its spec fails its contract test', async () => {
    const broken = mkdtempSync(join(dir, 'broken-'));
    copyFileSync(join(dir, 'vitest.config.mjs'), join(broken, 'vitest.config.mjs'));
    const r = await fleet(['eject', join(examples, 'macd.json'), '--out', broken]);
    expect(r.exitCode).toBe(0);
    const file = join(broken, 'macd.ts');
    const module = readFileSync(file, 'utf8');
    const drifted = module.replace('new Macd(p.fast_len,', 'new Macd(p.fast_len + 1,');
    expect(drifted).not.toBe(module);
    writeFileSync(file, drifted);
    const run = await vitest(broken);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("makes the spec's signals (defaults)");
  }, 120_000);

  it('refuses to replace files unless --force, and refuses a bad spec with nothing written', async () => {
    const again = await fleet(['eject', join(examples, 'macd.json'), '--out', dir]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exist (use --force to replace)');
    const forced = await fleet(['eject', join(examples, 'macd.json'), '--out', dir, '--force']);
    expect(forced.exitCode).toBe(0);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad' }));
    const refused = await fleet(['eject', bad, '--out', join(dir, 'never')]);
    expect(refused.exitCode).toBe(1);
    expect(readdirSync(dir)).not.toContain('never');
  });
});
