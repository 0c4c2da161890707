import { fleetPnl, runFleetBots } from '../fleet/index.js';
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

/** How one paper bot did: fills during this run, and its book (fleet pnl's numbers) afterwards. */
export interface DemoBotSummary {
  readonly bot: string;
  readonly symbol: string;
  /** Fills during this demo's run (a second demo carries on from the first's book). */
  readonly fills: number;
  readonly tradesClosed: number;
  readonly tradesOpen: number;
  readonly realised: number;
  readonly fees: number;
  readonly equity: number;
  /** Equity now minus the bot's capital. */
  readonly equityChange: number;
}

export interface DemoFleetResult {
  readonly bots: string[];
  readonly outcomes: BotOutcome[];
  /** Per bot, then summed: what the closing summary says. */
  readonly summary: {
    readonly bots: DemoBotSummary[];
    readonly fills: number;
    readonly tradesClosed: number;
    readonly tradesOpen: number;
    readonly equityChange: number;
  };
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
  const names = bots.map((bot) => bot.name);
  const fills = new Map<string, number>();
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), options.seconds * 1000);
  try {
    const outcomes = await runFleetBots({
      store,
      bots: names,
      mode: 'paper',
      speed: options.speed,
      owner: `demo:${process.pid}`,
      signal: stop.signal,
      onNotice: (notice) => {
        if (notice.activity?.kind === 'fill') fills.set(notice.bot, (fills.get(notice.bot) ?? 0) + 1);
        options.onNotice?.(notice);
      },
    });
    return { bots: names, outcomes, summary: await summarise(store, names, fills) };
  } finally {
    clearTimeout(timer);
  }
}

async function summarise(
  store: Store,
  names: readonly string[],
  fills: ReadonlyMap<string, number>,
): Promise<DemoFleetResult['summary']> {
  const pnl = await fleetPnl(store);
  const rows: DemoBotSummary[] = pnl.bots
    .filter((row) => names.includes(row.bot))
    .map((row) => ({
      bot: row.bot,
      symbol: row.symbol,
      fills: fills.get(row.bot) ?? 0,
      tradesClosed: row.tradesClosed,
      tradesOpen: row.tradesOpen,
      realised: row.realised,
      fees: row.fees,
      equity: row.equity,
      equityChange: row.equityChange,
    }));
  const sum = (pick: (row: DemoBotSummary) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    bots: rows,
    fills: sum((row) => row.fills),
    tradesClosed: sum((row) => row.tradesClosed),
    tradesOpen: sum((row) => row.tradesOpen),
    equityChange: sum((row) => row.equityChange),
  };
}
