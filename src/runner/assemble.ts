import { resolveCosts } from '../backtest/index.js';
import {
  anchorSandboxClock,
  createCcxtBroker,
  createCcxtFeed,
  createPaperBroker,
  createSandboxExchange,
  splitSymbol,
  WallClock,
} from '../broker/index.js';
import { type BarFeed, type Broker, type Clock, type Timeframe, UsageError } from '../core/index.js';
import { loadSpec } from '../spec/index.js';
import { type BotRecord, type Store, StoreSandboxLedger } from '../store/index.js';
import { compileStrategy } from '../strategy/index.js';
import { BotRunner } from './bot-runner.js';
import { botRiskLimits } from './risk-limits.js';

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

/** Runners that share one clock, so one loop can drive them. */
export interface RunnerGroup {
  readonly clock: Clock;
  readonly runners: BotRunner[];
  /** Brokers to close when the group stops. */
  readonly brokers: Broker[];
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

/**
 * Builds a runner for each bot with the broker its exchange and mode call for: the sandbox
 * exchange (on the sandbox clock), the paper broker over an exchange's public prices, or the
 * live ccxt broker. The runner itself never learns which one it has.
 */
export async function assembleRunners(options: AssembleOptions): Promise<RunnerGroup[]> {
  const { store, bots, owner } = options;
  const ledger = new StoreSandboxLedger(store);
  const sandbox: RunnerGroup | undefined = bots.some((bot) => bot.exchange === 'sandbox')
    ? { clock: await anchorSandboxClock(ledger, 'sandbox', options.speed ?? 1), runners: [], brokers: [] }
    : undefined;
  const wall: RunnerGroup = { clock: new WallClock(), runners: [], brokers: [] };
  for (const bot of bots) {
    const checked = loadSpec(bot.spec, `bot ${bot.name}`);
    const costs = resolveCosts(checked);
    const limits = botRiskLimits(bot, checked);
    const timeframe = bot.timeframe as Timeframe;
    const capital = bot.capital;
    const seed = typeof bot.config.seed === 'number' ? bot.config.seed : 0;
    let broker: Broker;
    let feed: BarFeed;
    let group: RunnerGroup;
    let ownAccount = true;
    if (bot.exchange === 'sandbox') {
      if (bot.mode === 'live') throw new UsageError(`bot '${bot.name}' is live on the sandbox exchange: demote it`);
      group = sandbox as RunnerGroup;
      const exchange = createSandboxExchange({
        account: bot.name,
        ledger,
        clock: group.clock,
        timeframe,
        costs,
        initialCash: capital,
        seed,
        symbols: [bot.symbol],
      });
      broker = exchange;
      feed = exchange;
    } else if (bot.mode === 'paper') {
      group = wall;
      feed = createCcxtFeed({ exchange: bot.exchange, apiBaseUrl: options.apiBaseUrl });
      broker = createPaperBroker({
        account: `paper:${bot.name}`,
        ledger,
        clock: group.clock,
        feed,
        timeframe,
        costs,
        initialCash: capital,
        // Paper over an exchange's spot market trades as live would there: no shorts, its quote.
        canShort: false,
        quote: quoteOf(bot.symbol),
      });
    } else {
      group = wall;
      ownAccount = false;
      feed = createCcxtFeed({ exchange: bot.exchange, apiBaseUrl: options.apiBaseUrl });
      broker = await createCcxtBroker({
        exchange: bot.exchange,
        env: options.env,
        apiBaseUrl: options.apiBaseUrl,
        symbols: [bot.symbol],
      });
    }
    group.brokers.push(broker);
    group.runners.push(
      new BotRunner({
        store,
        bot,
        strategy: compileStrategy(checked, { params: bot.params }),
        broker,
        feed,
        clock: group.clock,
        costs,
        limits,
        owner,
        leaseTtlMs: options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
        ownAccount,
        quote: quoteOf(bot.symbol),
      }),
    );
  }
  return [sandbox, wall].filter((group): group is RunnerGroup => group !== undefined && group.runners.length > 0);
}

/** USDT for sandbox symbols (SBX-TREND), the quote of a BASE/QUOTE pair otherwise. */
const quoteOf = (symbol: string): string => splitSymbol(symbol)[1] ?? 'USDT';
