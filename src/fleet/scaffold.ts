import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, UsageError, writeFileAtomic } from '../core/index.js';
import { specJsonSchema } from '../spec/index.js';
import { CONFIG_FILE, configJsonSchema, configSchema } from './config.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT_TEMPLATE = join(PACKAGE_ROOT, 'templates', 'project');
const STRATEGY_TEMPLATES = join(PACKAGE_ROOT, 'examples', 'specs');
export const DEFAULT_STRATEGY_TEMPLATE = 'ema-cross';

export interface ScaffoldOptions {
  readonly dir: string;
  /** Project name; the folder's name by default. */
  readonly name?: string;
  /** Which example strategy to copy into strategies/. */
  readonly strategy?: string;
  /** Write into a folder that is not empty (files of the same name are replaced). */
  readonly force?: boolean;
}

export interface ScaffoldResult {
  readonly dir: string;
  readonly name: string;
  readonly strategy: string;
  /** Paths relative to dir. */
  readonly files: readonly string[];
}

/** The example strategies a project can start from (examples/specs/*.json). */
export async function strategyTemplates(): Promise<string[]> {
  return (await readdir(STRATEGY_TEMPLATES))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * Writes a new project. A new folder is built beside the target and renamed into place, so a
 * failure leaves nothing behind; with `force`, files go into the existing folder one by one.
 */
export async function scaffoldProject(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const dir = resolve(options.dir);
  const name = options.name ?? basename(dir);
  const nameCheck = configSchema().shape.name.safeParse(name);
  if (!nameCheck.success)
    throw new UsageError(`project name '${name}' is not valid: ${nameCheck.error.issues[0].message}`);
  const strategy = options.strategy ?? DEFAULT_STRATEGY_TEMPLATE;
  const templates = await strategyTemplates();
  if (!templates.includes(strategy)) {
    throw new UsageError(
      `unknown strategy template '${strategy}'${didYouMean(strategy, templates)} (one of ${templates.join(', ')})`,
    );
  }
  const exists = existsSync(dir);
  if (exists && (await readdir(dir)).length > 0 && !options.force) {
    throw new UsageError(`${options.dir} is not empty (use --force to write into it)`);
  }

  const files = await projectFiles(name, strategy);
  if (exists) {
    for (const [path, text] of files) await writeFileAtomic(join(dir, path), text);
  } else {
    const staging = join(dirname(dir), `.${basename(dir)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      for (const [path, text] of files) {
        await mkdir(dirname(join(staging, path)), { recursive: true });
        await writeFile(join(staging, path), text);
      }
      await mkdir(dirname(dir), { recursive: true });
      await rename(staging, dir);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return { dir, name, strategy, files: [...files.keys()] };
}

async function projectFiles(name: string, strategy: string): Promise<Map<string, string>> {
  const fill = (text: string) => text.replaceAll('{{name}}', name).replaceAll('{{strategy}}', strategy);
  const template = (file: string) => readFile(join(PROJECT_TEMPLATE, file), 'utf8').then(fill);
  const spec = JSON.parse(await readFile(join(STRATEGY_TEMPLATES, `${strategy}.json`), 'utf8'));
  // One sample bot: the template strategy on the sandbox, so `fleet register` and `fleet up` work at once.
  const bot = {
    name: `${strategy}-sandbox`,
    spec: `strategies/${strategy}.json`,
    symbol: spec.universe[0],
    exchange: 'sandbox',
  };
  const config = configSchema().parse({ $schema: './fleet.config.schema.json', name, bots: [bot] });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return new Map([
    [CONFIG_FILE, json(config)],
    ['fleet.config.schema.json', json(configJsonSchema())],
    ['strategy-spec.schema.json', json(specJsonSchema())],
    [`strategies/${strategy}.json`, json({ ...spec, $schema: '../strategy-spec.schema.json' })],
    ['.env.example', await template('env.example')],
    ['.gitignore', await template('gitignore')],
    ['README.md', await template('README.md')],
  ]);
}
