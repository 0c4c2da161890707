import { join, resolve } from 'node:path';
import { didYouMean, FleetError, InputError, type Timeframe } from '../core/index.js';
import { SANDBOX_SYMBOLS } from '../data/index.js';
import { exchangeIds } from '../exchange/index.js';
import { type RiskLimitsInput, resolveRiskLimits } from '../risk/index.js';
import { loadSpec, readSpecJson, resolveParams } from '../spec/index.js';
import { type BotDeclaration, listBots, registerBots, type Store } from '../store/index.js';
import { type BotConfig, CONFIG_FILE, type ProjectConfig, readProjectConfig } from './config.js';

/**
 * The bots fleet.config.json declares, ready for the database: each spec read and checked, its
 * parameters resolved (explicit `params` over the spec's defaults; else the spec's optimised values
 * for the bot's symbol; else the defaults), its risk rails merged (project `risk`, then the bot's)
 * and checked. Any problem is one InputError naming the config file, the JSON path and the bot.
 */
export async function loadBotDeclarations(projectDir: string, config: ProjectConfig): Promise<BotDeclaration[]> {
  const file = join(projectDir, CONFIG_FILE);
  // ccxt takes a second to load: only when a bot names an exchange other than the sandbox and alpaca.
  const exchanges = config.bots.some((bot) => bot.exchange !== SANDBOX && bot.exchange !== ALPACA)
    ? await exchangeIds()
    : [];
  const declarations: BotDeclaration[] = [];
  for (const [index, bot] of config.bots.entries()) {
    declarations.push(await declare(projectDir, config, bot, `${file}: bots.${index}`, exchanges));
  }
  return declarations;
}

const SANDBOX = 'sandbox';
/** The stock broker (broker/alpaca), not ccxt's crypto exchange of the same name. */
const ALPACA = 'alpaca';
const WELL_KNOWN = ['binance', 'bybit', 'coinbase', 'kraken', 'okx'];

/** Why `id` is no exchange a bot can trade on, or undefined when it is one. */
function exchangeProblem(id: string, exchanges: readonly string[]): string | undefined {
  if (id === SANDBOX || id === ALPACA || exchanges.includes(id)) return undefined;
  const hint = didYouMean(id, [SANDBOX, ALPACA, ...exchanges]);
  const examples = WELL_KNOWN.filter((known) => exchanges.includes(known)).join(', ');
  const expected = `expected '${SANDBOX}', '${ALPACA}' (US stocks) or one of ccxt's ${exchanges.length} exchange ids (${examples}, …)`;
  return `unknown exchange '${id}'${hint === '' ? `; ${expected}` : hint}`;
}

async function declare(
  projectDir: string,
  config: ProjectConfig,
  bot: BotConfig,
  where: string,
  exchanges: readonly string[],
) {
  const fail = (path: string, message: string): never => {
    throw new InputError(`${where}.${path} (bot '${bot.name}'): ${message}`);
  };
  const badExchange = exchangeProblem(bot.exchange, exchanges);
  if (badExchange !== undefined) fail('exchange', badExchange);
  const guard = <T>(path: string, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof FleetError) return fail(path, error.message);
      throw error;
    }
  };
  if (bot.exchange === SANDBOX && !SANDBOX_SYMBOLS.includes(bot.symbol)) {
    fail('symbol', `'${bot.symbol}' is not a sandbox instrument (one of ${SANDBOX_SYMBOLS.join(', ')})`);
  }
  const specFile = resolve(projectDir, bot.spec);
  let json: unknown;
  try {
    json = await readSpecJson(specFile);
  } catch (error) {
    if (error instanceof FleetError) fail('spec', error.message);
    throw error;
  }
  const checked = guard('spec', () => loadSpec(json, specFile));
  const block = checked.spec.optimised ?? {};
  const optimised = Object.hasOwn(block, bot.symbol) ? block[bot.symbol].params : undefined;
  const params =
    bot.params !== undefined
      ? guard('params', () => resolveParams(checked, bot.params))
      : isRecord(optimised)
        ? guard('spec', () =>
            resolveParams(checked, optimised, { source: `${bot.spec}: optimised.${bot.symbol}.params` }),
          )
        : resolveParams(checked);
  const risk = { ...(config.risk ?? {}), ...(bot.risk ?? {}) };
  guard('risk', () =>
    resolveRiskLimits(checked.spec.risk as Partial<RiskLimitsInput>, risk as Partial<RiskLimitsInput>),
  );
  const timeframe: Timeframe = bot.timeframe ?? checked.spec.timeframe;
  const seed = bot.exchange === SANDBOX ? (bot.seed ?? config.sandbox.seed) : bot.seed;
  const declaration: BotDeclaration = {
    name: bot.name,
    spec: json,
    params: { ...params },
    symbol: bot.symbol,
    exchange: bot.exchange,
    timeframe,
    capital: bot.capital,
    risk,
    config: { ...bot, ...(seed === undefined ? {} : { seed }) },
  };
  return declaration;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface SyncResult {
  /** Bots registered for the first time (paper mode, flags clear). */
  readonly created: string[];
  /** Registered bots whose declaration changed. */
  readonly updated: string[];
  /** Registered bots whose declaration was already current. */
  readonly unchanged: string[];
  /** Bots in the database that fleet.config.json no longer declares (left as they are). */
  readonly undeclared: string[];
}

/**
 * Reads fleet.config.json in `projectDir` and registers (upserts) its bots, all or none: a bot
 * whose symbol, exchange or timeframe changes while it holds a position or has active orders is
 * an InputError naming the config file, and nothing is registered.
 */
export async function syncBots(store: Store, projectDir: string): Promise<SyncResult> {
  const config = await readProjectConfig(projectDir);
  const declarations = await loadBotDeclarations(projectDir, config);
  const { created, updated } = await registerBots(store, declarations).catch((error: unknown) => {
    if (error instanceof InputError) throw new InputError(`${join(projectDir, CONFIG_FILE)}: ${error.message}`);
    throw error;
  });
  const touched = new Set([...created, ...updated]);
  const declared = new Set(declarations.map((bot) => bot.name));
  return {
    created,
    updated,
    unchanged: declarations.map((bot) => bot.name).filter((name) => !touched.has(name)),
    undeclared: (await listBots(store)).map((bot) => bot.name).filter((name) => !declared.has(name)),
  };
}
