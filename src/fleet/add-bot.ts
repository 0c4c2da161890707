import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { didYouMean, InputError, UsageError, writeFileAtomic } from '../core/index.js';
import { SANDBOX_SYMBOLS } from '../data/index.js';
import { readSpecFile } from '../spec/index.js';
import { type BotConfig, CONFIG_FILE, configSchema, parseProjectConfig } from './config.js';

export interface AddBotOptions {
  /** The project folder (holding fleet.config.json). */
  readonly dir: string;
  readonly name: string;
  /** The bot's strategy spec: relative to the project folder, or absolute. */
  readonly spec: string;
  readonly symbol: string;
  /** 'sandbox' (default) or a ccxt exchange id. */
  readonly exchange?: string;
}

export interface AddBotResult {
  readonly file: string;
  readonly bot: Pick<BotConfig, 'name' | 'spec' | 'symbol' | 'exchange'>;
}

/**
 * Adds a bot to fleet.config.json: the name well-formed and unused, the symbol and exchange
 * well-formed, the spec present and valid. Only the bots array changes (an edit of the text, so
 * the rest keeps its formatting); the file is replaced atomically, or not at all.
 */
export async function addBot(options: AddBotOptions): Promise<AddBotResult> {
  const file = join(options.dir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(`${file}: no such file (run fleet new to create a project)`);
  }
  const config = parseProjectConfig(parseConfigText(text, file), file);
  const botShape = configSchema().shape.bots.unwrap().element.shape;
  const field = (
    label: string,
    schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
    v: string,
  ) => {
    const parsed = schema.safeParse(v) as { success: boolean; error?: { issues: { message: string }[] } };
    if (!parsed.success) throw new UsageError(`${label} '${v}' is not valid: ${parsed.error?.issues[0].message}`);
  };
  field('bot name', botShape.name, options.name);
  if (config.bots.some((bot) => bot.name === options.name)) {
    throw new UsageError(`a bot named '${options.name}' already exists in ${file}`);
  }
  if (options.symbol.trim() === '') throw new UsageError('--symbol must not be empty');
  field('symbol', botShape.symbol, options.symbol);
  const exchange = options.exchange ?? 'sandbox';
  field('exchange', botShape.exchange, exchange);
  // The check fleet register makes, made now so the bot is not written only to be refused there.
  if (exchange === 'sandbox' && !SANDBOX_SYMBOLS.includes(options.symbol)) {
    throw new UsageError(
      `'${options.symbol}' is not a sandbox instrument${didYouMean(options.symbol, SANDBOX_SYMBOLS)} (one of ${SANDBOX_SYMBOLS.join(', ')})`,
    );
  }

  const specFile = isAbsolute(options.spec) ? options.spec : join(options.dir, options.spec);
  await readSpecFile(specFile);
  const fromProject = relative(resolve(options.dir), resolve(specFile)).split(sep).join('/');
  const spec = fromProject.startsWith('../') || isAbsolute(fromProject) ? resolve(specFile) : fromProject;

  const bot = { name: options.name, spec, symbol: options.symbol, exchange };
  const formatting = {
    insertSpaces: !/^\t/m.test(text),
    tabSize: indentOf(text),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
  const edits = Array.isArray((parseConfigText(text, file) as { bots?: unknown }).bots)
    ? modify(text, ['bots', config.bots.length], bot, { formattingOptions: formatting, isArrayInsertion: true })
    : modify(text, ['bots'], [bot], { formattingOptions: formatting });
  const next = applyEdits(text, edits);
  parseProjectConfig(parseConfigText(next, file), file);
  await writeFileAtomic(file, next);
  return { file, bot };
}

function parseConfigText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
}

function indentOf(text: string): number {
  const match = /\n( +)\S/.exec(text);
  return match ? match[1].length : 2;
}
