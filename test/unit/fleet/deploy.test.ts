import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  deployCommands,
  deployPlan,
  readProjectConfig,
  scaffoldProject,
  writeDeployment,
} from '../../../src/fleet/index.js';
import {
  cliParseError,
  composeValidator,
  dclintMessages,
  dockerInstructions,
  k8sErrors,
} from '../../helpers/deploy-checks.js';

const SECRET_URL = 'postgres://fleet:s3cr3t-pw@db.internal:5432/fleet';

async function newProject(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'fleet-deploy-')), 'desk');
  await scaffoldProject({ dir });
  return dir;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  deploy?: { replicas: number };
}

let project: string;
beforeAll(async () => {
  project = await newProject();
});

describe('fleet deploy compose', () => {
  it('fleet new already wrote what deploy compose writes: one generator', async () => {
    const result = await writeDeployment('compose', { dir: project });
    expect(result.written).toEqual([]);
    expect(result.unchanged).toEqual(['Dockerfile', '.dockerignore', 'compose.yaml']);
  });

  it('validates against the Compose Specification schema, with and without its Postgres', async () => {
    const validate = composeValidator();
    const external = await newProject();
    await writeDeployment('compose', {
      dir: external,
      databaseUrl: SECRET_URL,
      replicas: 3,
      out: 'deploy',
      force: true,
    });
    for (const [dir, file] of [
      [project, 'compose.yaml'],
      [external, 'deploy/compose.yaml'],
    ]) {
      const compose = parse(read(dir, file));
      expect(validate(compose), file).toEqual([]);
    }
    // The schema is strict: a misspelt key is caught, so the check above means something.
    expect(validate({ services: { a: { image: 'x', restrat: 'no' } } })).not.toEqual([]);
    // dclint's rules of meaning (an image without a version, ports bound to every interface…).
    expect(await dclintMessages(join(project, 'compose.yaml'))).toEqual([]);
    const planted = join(external, 'planted.yaml');
    writeFileSync(planted, 'name: x\nservices:\n  a:\n    image: x\n    ports: ["8080:80"]\n');
    expect(await dclintMessages(planted)).toEqual([
      expect.stringContaining('no-unbound-port-interfaces'),
      expect.stringContaining('service-image-require-explicit-tag'),
    ]);
  });

  it('Postgres, a one-shot migration, runners, the notifier; the dashboard and optimisation on demand', () => {
    const compose = parse(read(project, 'compose.yaml'));
    const services: Record<string, Service & Record<string, unknown>> = compose.services;
    expect(Object.keys(services)).toEqual(['postgres', 'migrate', 'runners', 'notifier', 'dashboard', 'optimise']);
    expect(services.migrate.command).toEqual(['migrate']);
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.migrate.restart).toBe('no');
    for (const name of ['runners', 'notifier', 'dashboard', 'optimise'])
      expect(services[name].depends_on, name).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    expect(services.runners.command).toEqual(['up', '--no-notify', '--bots-per-process', '10']);
    expect(services.notifier.command).toEqual(['notify', 'run']);
    expect(services.dashboard.profiles).toEqual(['dashboard']);
    expect(services.dashboard.ports).toEqual(['127.0.0.1:8787:8787']);
    expect(services.optimise.profiles).toEqual(['optimise']);
    expect(services.optimise.command).toEqual(
      expect.arrayContaining(['optimise', 'strategies/ema-cross.json', '--study', '--no-write']),
    );
    expect(services.optimise.deploy).toEqual({ replicas: 2 });
    // Without a profile, docker compose up starts exactly what paper-trades: no credentials needed.
    const started = Object.entries(services).filter(([, s]) => s.profiles === undefined);
    expect(started.map(([name]) => name)).toEqual(['postgres', 'migrate', 'runners', 'notifier']);
    for (const [name, service] of started.slice(1))
      expect(service.env_file, name).toEqual([{ path: '.env', required: false }]);
    expect(compose.volumes).toEqual({ pgdata: {} });
  });

  it('never inlines a secret: passwords and URLs are interpolated from .env', async () => {
    const compose = parse(read(project, 'compose.yaml'));
    for (const [name, service] of Object.entries(compose.services) as [string, Service][]) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|TOKEN|SECRET|KEY/.test(key)) expect(value, `${name}.${key}`).toMatch(/^\$\{[A-Z_]+[:?-]/);
        if (key === 'DATABASE_URL') expect(value).toContain('${POSTGRES_PASSWORD:-');
      }
    }
    const external = await newProject();
    const result = await writeDeployment('compose', { dir: external, databaseUrl: SECRET_URL, force: true });
    expect(result).toMatchObject({ database: 'external', secrets: ['DATABASE_URL'] });
    const text = read(external, 'compose.yaml');
    expect(text).not.toContain('s3cr3t');
    const services = parse(text).services;
    expect(Object.keys(services)).not.toContain('postgres');
    expect(services.runners.environment.DATABASE_URL).toMatch(/^\$\{DATABASE_URL:\?/);
    expect(parse(text).volumes).toBeUndefined();
  });

  it('--replicas and --bots-per-process reach the runners; --out puts compose.yaml there, built from the project', async () => {
    const dir = await newProject();
    await writeDeployment('compose', { dir, out: 'ops', replicas: 4, botsPerProcess: 25, force: true });
    const compose = parse(read(dir, 'ops/compose.yaml'));
    expect(compose.services.runners.deploy).toEqual({ replicas: 4 });
    expect(compose.services.runners.command).toEqual(['up', '--no-notify', '--bots-per-process', '25']);
    expect(compose.services.runners.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
    expect(compose.services.runners.env_file).toEqual([{ path: '../.env', required: false }]);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
    // An --out outside the project: the build context is still the project.
    const elsewhere = mkdtempSync(join(tmpdir(), 'fleet-deploy-out-'));
    await writeDeployment('compose', { dir, out: elsewhere });
    const outside = parse(readFileSync(join(elsewhere, 'compose.yaml'), 'utf8'));
    expect(join(elsewhere, outside.services.runners.build.context)).toBe(dir);
  });
});

describe('fleet deploy k8s', () => {
  // biome-ignore lint/suspicious/noExplicitAny: parsed YAML, whose shape the schema test checks
  let manifests: Map<string, { apiVersion: string; kind: string; metadata: { name: string } } & Record<string, any>>;
  beforeAll(async () => {
    const result = await writeDeployment('k8s', { dir: project, replicas: 3 });
    expect(result.unchanged).toEqual(['Dockerfile', '.dockerignore']);
    manifests = new Map();
    for (const file of result.written) {
      for (const doc of parseAllDocuments(read(project, file))) {
        const value = doc.toJS();
        manifests.set(`${file}:${value.kind}`, value);
      }
    }
  });

  it('every manifest validates against the Kubernetes API schemas', async () => {
    expect([...manifests.keys()].sort()).toEqual([
      'deploy/k8s/dashboard.yaml:Deployment',
      'deploy/k8s/dashboard.yaml:Service',
      'deploy/k8s/migrate-job.yaml:Job',
      'deploy/k8s/notifier.yaml:Deployment',
      'deploy/k8s/optimise/optimise-job.yaml:Job',
      'deploy/k8s/postgres.yaml:Service',
      'deploy/k8s/postgres.yaml:StatefulSet',
      'deploy/k8s/runners.yaml:Deployment',
    ]);
    for (const [file, manifest] of manifests) {
      expect(await k8sErrors(manifest), file).toBe('');
      expect(manifest.metadata.name, file).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    }
    // The validators do check types and required fields, so the loop above means something.
    const broken = structuredClone(manifests.get('deploy/k8s/runners.yaml:Deployment'))!;
    broken.spec.replicas = 'three';
    delete broken.spec.selector;
    expect(await k8sErrors(broken)).not.toBe('');
  });

  it('runner replicas, a migration job named by version, a work-queue job of optimisation workers', () => {
    const runners = manifests.get('deploy/k8s/runners.yaml:Deployment')!;
    expect(runners.spec.replicas).toBe(3);
    expect(runners.spec.template.spec.containers[0].args).toEqual(['up', '--no-notify', '--bots-per-process', '10']);
    const migrate = manifests.get('deploy/k8s/migrate-job.yaml:Job')!;
    expect(migrate.metadata.name).toBe('desk-migrate-0-1-0');
    expect(migrate.spec.template.spec.containers[0].args).toEqual(['migrate']);
    const optimise = manifests.get('deploy/k8s/optimise/optimise-job.yaml:Job')!;
    expect(optimise.spec.parallelism).toBe(2);
    expect(optimise.spec.completions).toBeUndefined();
  });

  it('with an external database: no Postgres, DATABASE_URL from the Secret, still valid', async () => {
    const dir = await newProject();
    const result = await writeDeployment('k8s', { dir, databaseUrl: SECRET_URL, force: true });
    expect(result.written).not.toContain('deploy/k8s/postgres.yaml');
    for (const file of result.written.filter((f) => f.endsWith('.yaml'))) {
      const text = read(dir, file);
      expect(text).not.toContain('s3cr3t');
      for (const doc of parseAllDocuments(text)) {
        const manifest = doc.toJS();
        expect(await k8sErrors(manifest), file).toBe('');
        for (const container of manifest.spec.template?.spec.containers ?? [])
          expect(container.env[0], file).toEqual({
            name: 'DATABASE_URL',
            valueFrom: { secretKeyRef: { name: 'desk-secrets', key: 'DATABASE_URL' } },
          });
      }
    }
  });

  it('secrets come from the Secret; every fleet pod runs as a non-root user', () => {
    for (const [file, manifest] of manifests) {
      const pod = manifest.spec.template?.spec;
      if (pod === undefined) continue;
      for (const container of pod.containers) {
        for (const env of container.env ?? []) {
          if (/PASSWORD|TOKEN|SECRET|KEY/.test(env.name))
            expect(env.valueFrom?.secretKeyRef?.name, file).toBe('desk-secrets');
          if (env.name === 'DATABASE_URL')
            expect(env.value).toBe('postgres://fleet:$(POSTGRES_PASSWORD)@desk-postgres:5432/fleet');
        }
      }
      if (pod.containers[0].image !== 'postgres:16')
        expect(pod.securityContext, file).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    }
  });
});

describe('the image and the command lines', () => {
  it('the Dockerfile: a Node 20 image, fleet installed at build time, a non-root user, tini, a health check', () => {
    const steps = dockerInstructions(read(project, 'Dockerfile'));
    const froms = steps.filter((s) => s.keyword === 'FROM');
    expect(froms).toHaveLength(1);
    expect(froms[0].args).toMatch(/^node:20(\.\d+)*-[a-z-]+$/);
    const index = (keyword: string) => steps.findIndex((s) => s.keyword === keyword);
    const user = steps.filter((s) => s.keyword === 'USER').at(-1);
    expect(user?.args).toMatch(/^(?!root$|0$)[a-z_][a-z0-9_-]*$/);
    const install = steps.findIndex((s) => s.keyword === 'RUN' && s.args.includes('npm install --global'));
    expect(install).toBeGreaterThan(0);
    expect(steps.find((s) => s.keyword === 'ARG')?.args).toBe('FLEET_PACKAGE=fleet@0.1.0');
    expect(index('COPY')).toBeGreaterThan(install);
    expect(index('USER')).toBeGreaterThan(index('COPY'));
    expect(steps.find((s) => s.keyword === 'HEALTHCHECK')?.args).toMatch(/ CMD \[/);
    expect(JSON.parse(steps.find((s) => s.keyword === 'ENTRYPOINT')?.args ?? '')).toEqual(['tini', '--', 'fleet']);
    expect(steps.map((s) => s.args).join('\n')).not.toMatch(/npx|PASSWORD|TOKEN|_KEY|SECRET/);
    expect(read(project, '.dockerignore').split('\n')).toEqual(
      expect.arrayContaining(['.env', '.fleet/', 'node_modules/']),
    );
  });

  it('a project that depends on fleet in its package.json installs that one', async () => {
    const dir = await newProject();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { fleet: '^0.1.0' } }));
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    await writeDeployment('compose', { dir, force: true });
    const steps = dockerInstructions(read(dir, 'Dockerfile'));
    expect(steps.map((s) => `${s.keyword} ${s.args}`)).toEqual(
      expect.arrayContaining([
        'COPY package.json package-lock.json ./',
        'RUN npm ci --omit=dev && npm cache clean --force',
      ]),
    );
    expect(steps.some((s) => s.args.includes('--global'))).toBe(false);
  });

  it('every fleet command line in the files parses with the real CLI (telegram too, when configured)', async () => {
    const dir = await newProject();
    const configFile = join(dir, 'fleet.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ ...JSON.parse(read(dir, 'fleet.config.json')), telegram: { chat_ids: [7] } }),
    );
    await writeDeployment('compose', { dir, force: true });
    const k8s = await writeDeployment('k8s', { dir });
    const commands = Object.values(deployCommands(deployPlan(await readProjectConfig(dir), '0.1.0', dir)));
    // The files hold exactly these lines: compose commands and Kubernetes args of the fleet image.
    const compose = parse(read(dir, 'compose.yaml'));
    expect(compose.services.telegram.command).toEqual(['telegram']);
    const inFiles = (Object.values(compose.services) as Service[]).flatMap((s) =>
      s.image.startsWith('desk-fleet') ? [s.command] : [],
    );
    for (const file of k8s.written.filter((f) => f.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(read(dir, file))) {
        const manifest = doc.toJS();
        expect(await k8sErrors(manifest), file).toBe('');
        if (file.endsWith('telegram.yaml')) expect(manifest.spec.strategy).toEqual({ type: 'Recreate' });
        const containers = manifest.spec?.template?.spec?.containers ?? [];
        inFiles.push(
          ...containers
            .filter((c: { image: string }) => c.image.startsWith('desk-fleet'))
            .map((c: { args: string[] }) => c.args),
        );
      }
    }
    const cmd = dockerInstructions(read(dir, 'Dockerfile')).find((s) => s.keyword === 'CMD');
    inFiles.push(JSON.parse(cmd?.args ?? '[]'));
    expect(new Set(inFiles.map((argv) => argv?.join(' '))).size).toBe(commands.length + 1);
    for (const argv of inFiles) {
      expect(argv).toBeDefined();
      expect(await cliParseError(argv as string[]), `fleet ${argv?.join(' ')}`).toBeUndefined();
    }
    // The check has teeth: a typo does not parse.
    expect(await cliParseError(['optimise', 'x.json', '--studdy', 'y'])).toMatch(/unknown option '--studdy'/);
    expect(await cliParseError(['migrat'])).toMatch(/unknown command 'migrat'/);
  });
});

describe('refusals', () => {
  it('files with other content are refused without --force, before anything is written', async () => {
    const dir = await newProject();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    await expect(writeDeployment('k8s', { dir })).rejects.toThrow('Dockerfile already exists (use --force to replace)');
    expect(existsSync(join(dir, 'deploy'))).toBe(false);
    expect(read(dir, 'Dockerfile')).toBe('FROM scratch\n');
    writeFileSync(join(dir, 'docker-compose.yml'), 'services: {}\n');
    await expect(writeDeployment('compose', { dir })).rejects.toThrow(
      'Dockerfile, docker-compose.yml already exist (use --force to replace)',
    );
    const forced = await writeDeployment('k8s', { dir, force: true });
    expect(forced.written).toContain('Dockerfile');
    expect(read(dir, 'Dockerfile')).toContain('FROM node:20');
  });

  it('bad options are one-line usage errors that write nothing', async () => {
    const dir = await newProject();
    const before = readdirSync(dir).sort();
    const cases: [object, string][] = [
      [{ databaseUrl: 'mysql://x@db/y' }, '--database-url must be a postgres://'],
      [
        { databaseUrl: 'postgres://u:p@127.0.0.1:5432/db' },
        "--database-url points at '127.0.0.1', which inside a container",
      ],
      [{ databaseUrl: 'postgres://u:p@localhost/db' }, "points at 'localhost'"],
      [{ image: 'Not An Image' }, "--image 'Not An Image' is not an image reference"],
      [{ study: 'Has_Underscore' }, '--study must be lower-case letters, digits and dashes'],
    ];
    for (const [options, message] of cases) {
      await expect(writeDeployment('compose', { dir, force: true, ...options }), message).rejects.toThrow(message);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    await expect(writeDeployment('compose', { dir: tmpdir() + '/no-such-project' })).rejects.toThrow(
      'fleet.config.json: no such file',
    );
  });
});
