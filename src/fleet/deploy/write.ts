import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, writeFileAtomic } from '../../core/index.js';
import { readProjectConfig } from '../config.js';
import { COMPOSE_FILE, composeFile, OTHER_COMPOSE_FILES } from './compose.js';
import { dockerfile, dockerignore } from './dockerfile.js';
import { k8sFiles } from './k8s.js';
import { type DeployOptions, type DeployPlan, deployPlan } from './plan.js';

export type DeployTarget = 'compose' | 'k8s';

export interface WriteDeploymentOptions extends DeployOptions {
  /** The project folder (fleet.config.json); the Dockerfile and .dockerignore go here. */
  readonly dir: string;
  /** Folder for compose.yaml or the manifests (default: the project folder; deploy/k8s). */
  readonly out?: string;
  /** Replace files that exist with other content. */
  readonly force?: boolean;
}

export interface DeploymentResult {
  readonly target: DeployTarget;
  readonly database: DeployPlan['database'];
  readonly image: string;
  /** Files written, relative to the project folder. */
  readonly written: readonly string[];
  /** Files that already held exactly this content, left alone. */
  readonly unchanged: readonly string[];
  /** The secrets the deployment needs, in .env or (Kubernetes) the Secret named here. */
  readonly secrets: readonly string[];
  readonly secretName: string | null;
}

export const DEFAULT_OUT: Record<DeployTarget, string> = { compose: '.', k8s: 'deploy/k8s' };

/**
 * The Dockerfile, .dockerignore and compose.yaml of the project in `dir`, by path relative to it;
 * compose.yaml goes to `out` (relative to the project, or absolute).
 */
export async function composeDeploymentFiles(plan: DeployPlan, dir: string, out = '.'): Promise<Map<string, string>> {
  // The build context is the project: the way from the compose file's folder to it.
  const context = toPosix(relative(resolve(dir, out), resolve(dir))) || '.';
  return new Map([
    ['Dockerfile', dockerfile(plan)],
    ['.dockerignore', dockerignore()],
    [toPosix(join(out, COMPOSE_FILE)), await composeFile(plan, context)],
  ]);
}

/**
 * Writes the project's deployment: the image (Dockerfile) and compose.yaml or the Kubernetes
 * manifests. Files that exist with other content are refused unless `force`, before anything is
 * written; each file is written atomically.
 */
export async function writeDeployment(
  target: DeployTarget,
  options: WriteDeploymentOptions,
): Promise<DeploymentResult> {
  const dir = resolve(options.dir);
  const config = await readProjectConfig(dir);
  const plan = deployPlan(config, await fleetVersion(), dir, options);
  const out = options.out ?? DEFAULT_OUT[target];
  const outRel = toPosix(relative(dir, resolve(dir, out))) || '.';
  const files =
    target === 'compose'
      ? await composeDeploymentFiles(plan, dir, outRel)
      : new Map([
          ['Dockerfile', dockerfile(plan)],
          ['.dockerignore', dockerignore()],
          ...[...(await k8sFiles(plan))].map(([file, text]) => [toPosix(join(outRel, file)), text] as [string, string]),
        ]);
  const unchanged = [...files].filter(([path, text]) => sameContent(join(dir, path), text)).map(([path]) => path);
  const taken = [...files.keys()].filter((path) => !unchanged.includes(path) && existsSync(join(dir, path)));
  if (target === 'compose') {
    // docker compose reads compose.yaml first and ignores the others: two would be two truths.
    taken.push(...OTHER_COMPOSE_FILES.map((f) => toPosix(join(outRel, f))).filter((f) => existsSync(join(dir, f))));
  }
  if (taken.length > 0 && !options.force) {
    throw new UsageError(`${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''} (use --force to replace)`);
  }
  const written = [...files.keys()].filter((path) => !unchanged.includes(path));
  for (const path of written) await writeFileAtomic(join(dir, path), files.get(path) ?? '');
  return {
    target,
    database: plan.database,
    image: plan.image,
    written,
    unchanged,
    secrets: plan.database === 'external' ? ['DATABASE_URL'] : ['POSTGRES_PASSWORD'],
    secretName: target === 'k8s' ? `${plan.slug}-secrets` : null,
  };
}

/** The version of fleet writing the files: the image installs the same one. */
export async function fleetVersion(): Promise<string> {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  return JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).version;
}

const toPosix = (path: string) => path.split(sep).join('/');

function sameContent(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'utf8') === text;
  } catch {
    return false;
  }
}
