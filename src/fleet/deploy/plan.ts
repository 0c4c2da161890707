import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/index.js';
import type { ProjectConfig } from '../config.js';
import { checkDatabaseUrl } from '../database-url.js';

/** What a deployment runs, settled once so the Dockerfile, compose file and manifests agree. */
export interface DeployPlan {
  /** The project's name, as fleet.config.json gives it. */
  readonly project: string;
  /** The project's name as Docker and Kubernetes accept it (lower case, letters, digits, dashes). */
  readonly slug: string;
  /** The fleet version that wrote the files; the image installs this one. */
  readonly version: string;
  /** `service`: a Postgres in the deployment; `external`: DATABASE_URL from the env file or Secret. */
  readonly database: 'service' | 'external';
  /** How fleet gets into the image: the npm package, or the project's own package.json dependency. */
  readonly install:
    | { readonly kind: 'global'; readonly spec: string }
    | { readonly kind: 'project'; readonly lock: boolean };
  /** The image the deployment runs (compose builds and tags it; Kubernetes pulls it). */
  readonly image: string;
  readonly runners: { readonly replicas: number; readonly botsPerProcess: number };
  readonly dashboardPort: number;
  /** fleet telegram (the commands bot), when fleet.config.json allow-lists chats for it. */
  readonly telegram: boolean;
  /** Optimisation workers of one shared study, started on demand. */
  readonly optimise: {
    readonly spec: string;
    readonly symbols: readonly string[];
    readonly study: string;
    readonly trials: number;
    readonly workers: number;
  };
}

export interface DeployOptions {
  /** A Postgres server outside the deployment; its URL is checked, never written (it is a secret). */
  readonly databaseUrl?: string;
  readonly image?: string;
  readonly replicas?: number;
  readonly botsPerProcess?: number;
  readonly workers?: number;
  readonly study?: string;
  readonly trials?: number;
}

export const DASHBOARD_PORT = 8787;
/** Compose and Kubernetes read the secrets from here: `.env` in the project (never committed). */
export const ENV_FILE = '.env';

/** Settles the plan from the project's config and the options; bad options are one-line usage errors. */
export function deployPlan(
  config: ProjectConfig,
  version: string,
  projectDir: string,
  options: DeployOptions = {},
): DeployPlan {
  if (options.databaseUrl !== undefined) checkExternalDatabase(options.databaseUrl);
  const slug = dnsName(config.name);
  const first = config.bots[0];
  if (first === undefined) throw new UsageError('no bots are declared: add them to fleet.config.json first');
  const study = options.study ?? dnsName(`${first.spec.replace(/^.*\//, '').replace(/\.json$/, '')}-${first.symbol}`);
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(study)) {
    throw new UsageError(`--study must be lower-case letters, digits and dashes (at most 41), got '${study}'`);
  }
  const image = options.image ?? `${slug}-fleet:${version}`;
  if (!/^[a-z0-9]([\w.\-/:@]*[a-z0-9])?$/.test(image))
    throw new UsageError(`--image '${image}' is not an image reference`);
  return {
    project: config.name,
    slug,
    version,
    database: options.databaseUrl === undefined ? 'service' : 'external',
    install: projectInstall(projectDir) ?? { kind: 'global', spec: `fleet@${version}` },
    image,
    runners: { replicas: options.replicas ?? 1, botsPerProcess: options.botsPerProcess ?? 10 },
    dashboardPort: DASHBOARD_PORT,
    telegram: config.telegram !== undefined,
    optimise: {
      spec: first.spec,
      symbols: [first.symbol],
      study,
      trials: options.trials ?? 200,
      workers: options.workers ?? 2,
    },
  };
}

/** The argv of every fleet command the deployment runs, by role: the one list the files are made from. */
export function deployCommands(
  plan: DeployPlan,
): Record<'migrate' | 'runners' | 'notifier' | 'dashboard' | 'telegram' | 'optimise', string[]> {
  const { optimise } = plan;
  return {
    migrate: ['migrate'],
    // The notifier runs once, on its own: replicas of the runners must not each run one.
    runners: ['up', '--no-notify', '--bots-per-process', String(plan.runners.botsPerProcess)],
    notifier: ['notify', 'run'],
    dashboard: ['dashboard', '--host', '0.0.0.0', '--port', String(plan.dashboardPort)],
    telegram: ['telegram'],
    // Workers share the study through Postgres; the tuned values stay there (--no-write: a
    // container's copy of the spec is thrown away), for `fleet optimise --study` to write later.
    optimise: [
      'optimise',
      optimise.spec,
      '--symbols',
      optimise.symbols.join(','),
      '--study',
      optimise.study,
      '--trials',
      String(optimise.trials),
      '--no-write',
    ],
  };
}

/** A name Docker and Kubernetes accept (RFC 1123 label): lower case, letters, digits and dashes. */
export function dnsName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? 'fleet' : slug;
}

/** The project installs fleet itself when its package.json lists it as a dependency. */
function projectInstall(dir: string): DeployPlan['install'] | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof pkg?.dependencies?.fleet !== 'string') return undefined;
  } catch {
    throw new UsageError(`${file}: not valid JSON`);
  }
  return { kind: 'project', lock: existsSync(join(dir, 'package-lock.json')) };
}

/**
 * A postgres URL a container can reach: on 127.0.0.1 or localhost it would be the container's own
 * loopback, not the machine that ran this command.
 */
function checkExternalDatabase(url: string): void {
  try {
    checkDatabaseUrl(url);
  } catch {
    throw new UsageError('--database-url must be a postgres://user:password@host:5432/db URL');
  }
  const host = new URL(url).hostname;
  if (['', 'localhost', '127.0.0.1', '[::1]'].includes(host)) {
    throw new UsageError(
      `--database-url points at '${host}', which inside a container is the container itself: give the server's address on the network`,
    );
  }
}
