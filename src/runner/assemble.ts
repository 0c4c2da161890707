import { type Costs, resolveCosts } from '../backtest/index.js';
import {
  ALPACA,
  AlpacaBroker,
  type AlpacaClient,
  alpacaClientFor,
  anchorSandboxClock,
  createAlpacaFeed,
  createCcxtFeed,
  createLiveBroker,
  createPaperBroker,
  createSandboxExchange,
  venueQuote,
  WallClock,
} from '../broker/index.js';
import {
  type BarFeed,
  type Broker,
  type Clock,
  type SandboxLedger,
  type Timeframe,
  UsageError,
} from '../core/index.js';
import { loadSpec } from '../spec/index.js';
import { type BotRecord, paperAccountName, type Store, StoreSandboxLedger } from '../store/index.js';
import { compileStrategy } from '../strategy/index.js';
import { botCalendar } from './bot-calendar.js';
import { BotRunner } from './bot-runner.js';
import { botRiskLimits } from './risk-limits.js';
import type { BotOutcome } from './run-bots.js';

export interface AssembleOptions {
  readonly store: Store;
  readonly bots: readonly BotRecord[];
  /** Identifies this process in the bots' leases. */
  readonly owner: string;
  /** How much faster than real time the sandbox runs (default 1). */
  readonly speed?: number;
  readonly leaseTtlMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Sends exchange API requests here instead (a proxy, or a fake exchange in tests). */
  readonly apiBaseUrl?: string;
}

/** The runners built, by clock, and the bots that could not be built, with why. */
export interface Assembly {
  readonly groups: RunnerGroup[];
  readonly failed: BotOutcome[];
}

/** Runners that share one clock, so one loop can drive them. */
export interface RunnerGroup {
  readonly clock: Clock;
  readonly runners: BotRunner[];
  /** Brokers to close when the group stops. */
  readonly brokers: Broker[];
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

/**
 * The lease's length: `leaseTtlMs`, else FLEET_LEASE_TTL_MS from the environment (a whole number
 * of milliseconds, at least 300; tests shorten the lease with it), else 30 s.
 */
export function leaseTtl(leaseTtlMs: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (leaseTtlMs !== undefined) return leaseTtlMs;
  const text = env.FLEET_LEASE_TTL_MS;
  if (text === undefined || text === '') return DEFAULT_LEASE_TTL_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 300) {
    throw new UsageError(`FLEET_LEASE_TTL_MS must be a whole number of milliseconds >= 300, got '${text}'`);
  }
  return value;
}

/**
 * Builds a runner for each bot with the broker its exchange and mode call for: the sandbox
 * exchange (on the sandbox clock), the paper broker over an exchange's public prices, the live
 * ccxt broker, or Alpaca (its paper account for a paper bot, the live one for a live bot). The runner itself never learns which one it has. A bot that cannot be built
 * (an invalid spec, missing exchange keys) is reported in `failed` and the others are built.
 */
export async function assembleRunners(options: AssembleOptions): Promise<Assembly> {
  const { store, bots } = options;
  const leaseTtlMs = leaseTtl(options.leaseTtlMs, options.env);
  const ledger = new StoreSandboxLedger(store);
  const sandbox: RunnerGroup | undefined = bots.some((bot) => bot.exchange === 'sandbox')
    ? { clock: await anchorSandboxClock(ledger, 'sandbox', options.speed ?? 1), runners: [], brokers: [] }
    : undefined;
  const wall: RunnerGroup = { clock: new WallClock(), runners: [], brokers: [] };
  const failed: BotOutcome[] = [];
  // One Alpaca client per account (paper, live), so its rate limiter spans every bot on it.
  const alpacaClients = new Map<boolean, Promise<AlpacaClient>>();
  for (const bot of bots) {
    const group = bot.exchange === 'sandbox' ? (sandbox as RunnerGroup) : wall;
    try {
      const checked = loadSpec(bot.spec, `bot ${bot.name}`);
      const costs = resolveCosts(checked);
      const limits = botRiskLimits(bot, checked);
      const strategy = compileStrategy(checked, { params: bot.params });
      const calendar = botCalendar(bot);
      const market = await botMarket(bot, costs, group.clock, ledger, options, alpacaClients);
      // Listed at once, so the caller closes it even if the runner cannot be built.
      group.brokers.push(market.broker);
      group.runners.push(
        new BotRunner({
          store,
          bot,
          strategy,
          broker: market.broker,
          feed: market.feed,
          clock: group.clock,
          costs,
          limits,
          owner: options.owner,
          leaseTtlMs,
          ownAccount: market.ownAccount,
          quote: venueQuote(bot.exchange, bot.symbol),
          calendar,
          extendedHours: checked.spec.risk.extended_hours === true,
        }),
      );
    } catch (error) {
      failed.push({ bot: bot.name, state: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const groups = [sandbox, wall].filter(
    (group): group is RunnerGroup => group !== undefined && group.runners.length > 0,
  );
  return { groups, failed };
}

/** Where a bot trades and gets its bars. */
interface BotMarket {
  readonly broker: Broker;
  readonly feed: BarFeed;
  /** The broker account is the bot's alone, so its cash is compared too. */
  readonly ownAccount: boolean;
}

async function botMarket(
  bot: BotRecord,
  costs: Costs,
  clock: Clock,
  ledger: SandboxLedger,
  options: AssembleOptions,
  alpacaClients: Map<boolean, Promise<AlpacaClient>>,
): Promise<BotMarket> {
  const timeframe = bot.timeframe as Timeframe;
  if (bot.exchange === 'sandbox') {
    if (bot.mode === 'live') throw new UsageError(`bot '${bot.name}' is live on the sandbox exchange: demote it`);
    const exchange = createSandboxExchange({
      account: bot.name,
      ledger,
      clock,
      timeframe,
      costs,
      initialCash: bot.capital,
      seed: typeof bot.config.seed === 'number' ? bot.config.seed : 0,
      symbols: [bot.symbol],
      venue: botCalendar(bot).id,
    });
    return { broker: exchange, feed: exchange, ownAccount: true };
  }
  if (bot.exchange === ALPACA) {
    // Alpaca has a paper account of its own: paper and live differ by the account alone. Its
    // cash is the account's (100,000 USD on a new paper account), not the bot's.
    const paper = bot.mode === 'paper';
    let connecting = alpacaClients.get(paper);
    if (connecting === undefined) {
      connecting = alpacaClientFor({
        paper,
        env: options.env,
        ...(options.apiBaseUrl !== undefined ? { apiBaseUrl: options.apiBaseUrl } : {}),
      });
      alpacaClients.set(paper, connecting);
    }
    const client = await connecting;
    return { broker: new AlpacaBroker(client, [bot.symbol]), feed: createAlpacaFeed(client), ownAccount: false };
  }
  const feed = createCcxtFeed({ exchange: bot.exchange, apiBaseUrl: options.apiBaseUrl });
  if (bot.mode === 'paper') {
    const broker = createPaperBroker({
      account: paperAccountName(bot.name),
      ledger,
      clock,
      feed,
      timeframe,
      costs,
      initialCash: bot.capital,
      // Paper over an exchange's spot market trades as live would there: no shorts, its quote.
      canShort: false,
      quote: venueQuote(bot.exchange, bot.symbol),
    });
    return { broker, feed, ownAccount: true };
  }
  const broker = await createLiveBroker({
    exchange: bot.exchange,
    env: options.env,
    symbols: [bot.symbol],
    ...(options.apiBaseUrl !== undefined ? { apiBaseUrl: options.apiBaseUrl } : {}),
  });
  return { broker, feed, ownAccount: false };
}
