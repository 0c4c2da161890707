import { runFleetBots } from '../fleet/index.js';
import type { BotOutcome, RunnerNotice } from '../runner/index.js';
import type { StrategySpec } from '../spec/index.js';
import { migrate, registerBots, type Store } from '../store/index.js';

export interface DemoFleetOptions {
  readonly store: Store;
  readonly spec: StrategySpec;
  /** Each tuned instrument becomes a bot with its tuned parameters. */
  readonly instruments: readonly {
    readonly symbol: string;
    readonly params: Readonly<Record<string, number | string | boolean>>;
  }[];
  /** Real seconds of paper trading. */
  readonly seconds: number;
  /** How much faster than real time the sandbox clock runs. */
  readonly speed: number;
  readonly onNotice?: (notice: RunnerNotice) => void;
}

export interface DemoFleetResult {
  readonly bots: string[];
  readonly outcomes: BotOutcome[];
}

export const demoBotName = (symbol: string): string => `demo-${symbol.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/**
 * The demo's last step: each tuned instrument becomes a paper bot on the sandbox exchange, and the
 * fleet trades for a few seconds of compressed time. The bots stay registered with their books,
 * so `fleet ls` and `fleet pnl` show them afterwards, and a second demo carries on where this one
 * stopped.
 */
export async function runDemoFleet(options: DemoFleetOptions): Promise<DemoFleetResult> {
  const { store, spec } = options;
  await migrate(store);
  const bots = options.instruments.map(({ symbol, params }) => ({
    name: demoBotName(symbol),
    spec,
    params,
    symbol,
    exchange: 'sandbox',
    timeframe: spec.timeframe,
    capital: 10_000,
    risk: {},
    config: { demo: true },
  }));
  await registerBots(store, bots);
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), options.seconds * 1000);
  try {
    const outcomes = await runFleetBots({
      store,
      bots: bots.map((bot) => bot.name),
      mode: 'paper',
      speed: options.speed,
      owner: `demo:${process.pid}`,
      signal: stop.signal,
      onNotice: options.onNotice,
    });
    return { bots: bots.map((bot) => bot.name), outcomes };
  } finally {
    clearTimeout(timer);
  }
}
