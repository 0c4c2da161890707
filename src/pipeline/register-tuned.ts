import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { InputError, writeFileAtomic } from '../core/index.js';
import { CONFIG_FILE, parseProjectConfig, type SyncResult, syncBots } from '../fleet/index.js';
import { parseJson } from '../spec/index.js';
import type { Store } from '../store/index.js';

/** A paper bot the pipeline declares for one tuned instrument. */
export interface TunedBot {
  readonly name: string;
  readonly spec: string;
  readonly symbol: string;
  readonly exchange: string;
}

export interface RegisterTunedOptions {
  readonly store: Store;
  readonly projectDir: string;
  /** The tuned spec (the pipeline's working copy) and where it goes in the project. */
  readonly tunedSpec: string;
  readonly target: string;
  readonly symbols: readonly string[];
  readonly exchange: string;
}

export interface RegisteredBots extends SyncResult {
  readonly specFile: string;
  readonly bots: readonly TunedBot[];
  /** Bots fleet.config.json already declared exactly so (a rerun of the same stage). */
  readonly alreadyDeclared: readonly string[];
}

const NAME_LIMIT = 64;

/** A bot's name: the spec's name and the instrument, in the characters bot names allow. */
export function tunedBotName(spec: string, symbol: string): string {
  const slug = symbol
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${spec}-${slug}`.slice(0, NAME_LIMIT).replace(/[-.]+$/, '');
}

/**
 * Copies the tuned spec into the project (refusing to replace a different file there), declares
 * one paper bot per instrument in fleet.config.json (an edit of that one array: every other byte
 * stays, the file is checked and replaced atomically) and registers them in the database. Running
 * it again changes nothing.
 */
export async function registerTuned(options: RegisterTunedOptions): Promise<RegisteredBots> {
  const { projectDir } = options;
  const text = await readFile(options.tunedSpec, 'utf8');
  const existing = await readFile(options.target, 'utf8').catch(() => undefined);
  if (existing !== undefined && existing !== text) {
    throw new InputError(`${options.target} already exists and differs from this run's tuned spec: not replaced`);
  }
  const specPath = relative(projectDir, options.target).split('\\').join('/');
  const name = (parseJson(text, options.tunedSpec) as { name: string }).name;
  const bots = options.symbols.map((symbol) => ({
    name: tunedBotName(name, symbol),
    spec: specPath,
    symbol,
    exchange: options.exchange,
  }));
  const configFile = join(projectDir, CONFIG_FILE);
  let config = await readFile(configFile, 'utf8').catch(() => {
    throw new InputError(`${configFile}: no such file (run fleet new to create a project)`);
  });
  const declared = parseProjectConfig(parseJson(config, configFile), configFile).bots;
  const alreadyDeclared: string[] = [];
  for (const bot of bots) {
    const found = declared.find((d) => d.name === bot.name);
    if (found === undefined) {
      const edits = modify(config, ['bots', -1], bot, { formattingOptions: formatting(config) });
      config = applyEdits(config, edits);
      continue;
    }
    if (found.spec !== bot.spec || found.symbol !== bot.symbol || found.exchange !== bot.exchange) {
      throw new InputError(`${configFile}: a bot named '${bot.name}' already exists with another spec or symbol`);
    }
    alreadyDeclared.push(bot.name);
  }
  // Checked before anything is written: a config the edit made invalid is never saved.
  parseProjectConfig(parseJson(config, configFile), configFile);
  if (existing === undefined) await writeFileAtomic(options.target, text);
  if (alreadyDeclared.length < bots.length) await writeFileAtomic(configFile, config);
  const synced = await syncBots(options.store, resolve(projectDir));
  return { ...synced, specFile: options.target, bots, alreadyDeclared };
}

function formatting(text: string) {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.includes('\t'),
    tabSize: indent.includes('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}
