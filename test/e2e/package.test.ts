import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

describe('the npm package', () => {
  it('packs, installs into an empty folder and runs `npx fleet --version` there', async () => {
    const packDir = mkdtempSync(join(tmpdir(), 'fleet-pack-'));
    // --ignore-scripts: the tests already built dist/, so pack it as it is.
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: root });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = mkdtempSync(join(tmpdir(), 'fleet-install-'));
    writeFileSync(join(project, 'package.json'), '{ "name": "empty", "private": true }\n');
    await execa('npm', ['install', '--no-audit', '--no-fund', join(packDir, tarball as string)], { cwd: project });
    const version = await execa('npx', ['fleet', '--version'], { cwd: project });
    const expected = (await import('../../package.json', { with: { type: 'json' } })).default.version;
    expect(version.stdout.trim()).toBe(expected);

    // The installed package finds its own templates and examples.
    const fresh = await execa('npx', ['fleet', 'new', 'proj', '--json'], { cwd: project, env: { CI: 'true' } });
    expect(JSON.parse(fresh.stdout).files).toContain('strategies/ema-cross.json');
    // Its next step is one that works here, where fleet is not on PATH.
    const told = await execa('npx', ['fleet', 'new', 'told'], { cwd: project, env: { CI: 'true' } });
    expect(told.stdout).toContain('next: cd told && npx fleet screen strategies/ema-cross.json');
  }, 180_000);

  it("ships the dashboard's pages, scripts and styles (web/)", async () => {
    const packed = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0].files.map((file) => file.path);
    const web = readdirSync(join(root, 'web')).map((name) => `web/${name}`);
    expect(web).toEqual(expect.arrayContaining(['web/fleet.html', 'web/bot.html', 'web/dashboard.js']));
    expect(files).toEqual(expect.arrayContaining([...web, 'dist/dashboard/index.js']));
  });
});
