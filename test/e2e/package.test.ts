import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedImports } from '../helpers/documented-imports.js';

const root = new URL('../../', import.meta.url).pathname;

describe('the npm package', () => {
  // One pack and one install (about 20 s) for every test that needs the installed package.
  let packDir: string;
  let project: string;
  let installed: string;
  beforeAll(async () => {
    packDir = mkdtempSync(join(tmpdir(), 'fleet-pack-'));
    // --ignore-scripts: the tests already built dist/, so pack it as it is.
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: root });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    project = mkdtempSync(join(tmpdir(), 'fleet-install-'));
    writeFileSync(join(project, 'package.json'), '{ "name": "empty", "private": true, "type": "module" }\n');
    await execa('npm', ['install', '--no-audit', '--no-fund', join(packDir, tarball as string)], { cwd: project });
    installed = join(project, 'node_modules', 'fleet');
  }, 180_000);
  // The install is over 250 MB.
  afterAll(() => {
    for (const dir of [packDir, project]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs into an empty folder and runs `npx fleet --version` there', async () => {
    const version = await execa('npx', ['fleet', '--version'], { cwd: project });
    const expected = (await import('../../package.json', { with: { type: 'json' } })).default.version;
    expect(version.stdout.trim()).toBe(expected);

    // The installed package finds its own templates and examples.
    const fresh = await execa('npx', ['fleet', 'new', 'proj', '--json'], { cwd: project, env: { CI: 'true' } });
    expect(JSON.parse(fresh.stdout).files).toContain('strategies/ema-cross.json');
    // Its next step is one that works here, where fleet is not on PATH.
    const told = await execa('npx', ['fleet', 'new', 'told'], { cwd: project, env: { CI: 'true' } });
    expect(told.stdout).toContain('next: cd told && npx fleet screen strategies/ema-cross.json');
  }, 60_000);

  it('compiles every import of fleet that README, docs and examples show, then compiles and runs the library examples', async () => {
    const exported = Object.keys(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).exports);
    const exists = (specifier: string) => exported.includes(specifier.replace(/^fleet/, '.'));
    // Read from the installed package: what ships is what is checked.
    const imports = documentedImports(installed);
    // Every entry point is documented somewhere.
    const shown = new Set(imports.map((i) => i.specifier));
    for (const entry of exported.filter((e) => e !== './package.json')) {
      expect(shown, `no documented import of ${entry}`).toContain(entry.replace(/^\./, 'fleet'));
    }
    // What a user of fleet/testing installs beside it (vitest, an optional peer), and the types the
    // compile step needs.
    linkDevPackage(project, '@types/node');
    linkDevPackage(project, 'vitest');
    // Each entry point also loads in Node.
    const specifiers = [...shown].filter(exists);
    const loaded = await execa(
      'node',
      [
        '--input-type=module',
        '-e',
        `for (const s of ${JSON.stringify(specifiers)}) console.log(s, Object.keys(await import(s)).length);`,
      ],
      { cwd: project },
    );
    for (const specifier of specifiers) expect(loaded.stdout).toMatch(new RegExp(`^${specifier} [1-9]\\d*$`, 'm'));
    const checks = join(project, 'checks');
    mkdirSync(checks, { recursive: true });
    imports.forEach((i, n) => {
      writeFileSync(join(checks, `import-${n}.ts`), `// ${i.source}\n${i.statement}\nexport {};\n`);
    });
    // The examples as a package user has them.
    const examples = join(project, 'examples');
    cpSync(join(installed, 'examples', 'library'), examples, { recursive: true });
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          types: ['node'],
          rootDir: '.',
          outDir: 'out',
        },
        include: ['checks', 'examples'],
      }),
    );
    const tsc = await execa('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], {
      reject: false,
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.exitCode).toBe(0);
    expect(imports.length).toBeGreaterThan(5);

    // The scripts read the strategies/ema-cross.json of a project made by `fleet new`.
    await execa('npx', ['fleet', 'new', 'scripts', '--json'], { cwd: project, env: { CI: 'true' } });
    const cwd = join(project, 'scripts');
    const study = await execa('node', [join(project, 'out', 'examples', 'study.js')], { cwd });
    const { trials, best } = JSON.parse(study.stdout);
    expect(trials).toBe(60);
    expect(best.value).toBeGreaterThan(0);
    expect(best.params.fast).toBeLessThan(best.params.slow);

    const gate = await execa('node', [join(project, 'out', 'examples', 'screen-gate.js')], { cwd });
    expect(gate.stdout).toMatch(/^1\. SBX-\S+ +score .* pass$/m);
  }, 180_000);

  it("ships the dashboard's pages, scripts and styles (web/)", async () => {
    const packed = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0].files.map((file) => file.path);
    const web = readdirSync(join(root, 'web')).map((name) => `web/${name}`);
    expect(web).toEqual(expect.arrayContaining(['web/fleet.html', 'web/bot.html', 'web/dashboard.js']));
    expect(files).toEqual(expect.arrayContaining([...web, 'dist/dashboard/index.js']));
  });
});

/** A package the examples' types need that fleet does not install (it is one of our dev dependencies). */
function linkDevPackage(project: string, name: string): void {
  const target = join(project, 'node_modules', name);
  mkdirSync(join(target, '..'), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), target, 'dir');
}
