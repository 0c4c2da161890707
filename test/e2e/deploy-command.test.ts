import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fleet } from '../helpers/cli.js';

let project: string;
beforeAll(async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'fleet-deploy-cli-'));
  const r = await fleet(['new', 'desk', '--yes', '--json'], { cwd });
  expect(r.exitCode, r.stderr).toBe(0);
  project = join(cwd, 'desk');
});

describe('fleet deploy', () => {
  it('k8s --json prints one document naming what it wrote; a second run keeps every file', async () => {
    const r = await fleet(['deploy', 'k8s', '--replicas', '2', '--json'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      target: 'k8s',
      database: 'service',
      image: 'desk-fleet:0.1.0',
      unchanged: ['Dockerfile', '.dockerignore'],
      secrets: ['POSTGRES_PASSWORD'],
      secretName: 'desk-secrets',
    });
    expect(result.written).toContain('deploy/k8s/runners.yaml');
    expect(parse(readFileSync(join(project, 'deploy/k8s/runners.yaml'), 'utf8')).spec.replicas).toBe(2);
    const again = await fleet(['deploy', 'k8s', '--replicas', '2'], { cwd: project });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('wrote ');
    expect(again.stdout).toContain('kubectl apply -f deploy/k8s/');
  });

  it('refuses to overwrite a changed file without --force (exit 2), and replaces it with --force', async () => {
    writeFileSync(join(project, 'compose.yaml'), 'services: {}\n');
    const refused = await fleet(['deploy', 'compose'], { cwd: project });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('compose.yaml already exists (use --force to replace)');
    expect(readFileSync(join(project, 'compose.yaml'), 'utf8')).toBe('services: {}\n');
    const forced = await fleet(
      ['deploy', 'compose', '--force', '--database-url', 'postgres://u:pw@db.example:5432/f'],
      {
        cwd: project,
      },
    );
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('wrote compose.yaml');
    const text = readFileSync(join(project, 'compose.yaml'), 'utf8');
    expect(text).not.toContain('pw@db.example');
    expect(Object.keys(parse(text).services)).not.toContain('postgres');
  });

  it('bad flags and a folder without a project: one line, exit 2 or 1, nothing written', async () => {
    const before = readdirSync(project).sort();
    const cases: [string[], number, string][] = [
      [['deploy', 'compose', '--replicas', '0'], 2, '--replicas must be a whole number >= 1'],
      [['deploy', 'k8s', '--database-url', 'postgres://u@localhost/db'], 2, "--database-url points at 'localhost'"],
      [['deploy', 'swarm'], 2, "unknown command 'swarm'"],
    ];
    for (const [args, code, message] of cases) {
      const r = await fleet(args, { cwd: project });
      expect(r.exitCode, args.join(' ')).toBe(code);
      expect(r.stderr).toContain(message);
    }
    expect(readdirSync(project).sort()).toEqual(before);
    const empty = mkdtempSync(join(tmpdir(), 'fleet-deploy-none-'));
    const none = await fleet(['deploy', 'compose'], { cwd: empty });
    expect(none.exitCode).not.toBe(0);
    expect(none.stderr).toContain('fleet.config.json: no such file');
    expect(readdirSync(empty)).toEqual([]);
  });
});
