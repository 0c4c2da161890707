import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, UsageError, writeFileAtomic } from '../core/index.js';
import { specJsonSchema } from '../spec/index.js';
import { CONFIG_FILE, configJsonSchema, configSchema } from './config.js';
import { checkDatabaseUrl } from './database-url.js';
import { composeDeploymentFiles, deployPlan } from './deploy/index.js';

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
  /** The sample bot's exchange: 'sandbox' (default) or a ccxt exchange id. */
  readonly exchange?: string;
  /** A Postgres server for the project (written to .env as DATABASE_URL); embedded when absent. */
  readonly databaseUrl?: string;
  /** Write into a folder that is not empty (files of the same name are replaced). */
  readonly force?: boolean;
}

export interface ScaffoldResult {
  readonly dir: string;
  readonly name: string;
  readonly strategy: string;
  readonly exchange: string;
  /** 'embedded', or 'url' when DATABASE_URL was written to .env (the URL itself is not echoed). */
  readonly database: 'embedded' | 'url';
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
  const exchange = options.exchange ?? 'sandbox';
  const exchangeCheck = configSchema().shape.bots.unwrap().element.shape.exchange.safeParse(exchange);
  if (!exchangeCheck.success) {
    throw new UsageError(`exchange '${exchange}' is not valid: ${exchangeCheck.error.issues[0].message}`);
  }
  if (options.databaseUrl !== undefined) checkDatabaseUrl(options.databaseUrl);
  const exists = existsSync(dir);
  if (exists && (await readdir(dir)).length > 0 && !options.force) {
    throw new UsageError(`${options.dir} is not empty (use --force to write into it)`);
  }

  const files = await projectFiles(dir, name, strategy, exchange, options.databaseUrl);
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
  const database = options.databaseUrl === undefined ? 'embedded' : 'url';
  return { dir, name, strategy, exchange, database, files: [...files.keys()] };
}

/** The sample bot's instrument on a real exchange (the sandbox uses the strategy's first). */
export const DEFAULT_EXCHANGE_SYMBOL = 'BTC/USDT';
/** The sample bot's instrument at Alpaca, a stock broker. */
export const DEFAULT_STOCK_SYMBOL = 'AAPL';

async function projectFiles(
  dir: string,
  name: string,
  strategy: string,
  exchange: string,
  databaseUrl: string | undefined,
): Promise<Map<string, string>> {
  const version = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
  const fill = (text: string) =>
    text
      .replaceAll('{{name}}', name)
      .replaceAll('{{strategy}}', strategy)
      .replaceAll('{{version}}', version)
      .replaceAll('{{exchange}}', exchange);
  const template = (file: string) => readFile(join(PROJECT_TEMPLATE, file), 'utf8').then(fill);
  const spec = JSON.parse(await readFile(join(STRATEGY_TEMPLATES, `${strategy}.json`), 'utf8'));
  // One sample bot: the template strategy on the sandbox, so `fleet register` and `fleet up` work at once.
  const bot = {
    name: `${strategy}-${exchange}`,
    spec: `strategies/${strategy}.json`,
    symbol:
      exchange === 'sandbox'
        ? spec.universe[0]
        : exchange === 'alpaca'
          ? DEFAULT_STOCK_SYMBOL
          : DEFAULT_EXCHANGE_SYMBOL,
    exchange,
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
    // The same files as `fleet deploy compose`: one generator, so the two never drift.
    ...(await composeDeploymentFiles(deployPlan(config, version, dir), dir)),
    ['.github/workflows/fleet.yml', await template('fleet.yml')],
    ['ci/check-regression.mjs', await template('check-regression.mjs')],
    ['ci/thresholds.json', await template('thresholds.json')],
    ...(databaseUrl === undefined ? [] : ([['.env', `DATABASE_URL=${databaseUrl}\n`]] as const)),
  ]);
}
