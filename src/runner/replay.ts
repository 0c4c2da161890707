import { type Costs, resolveCosts } from '../backtest/index.js';
import { createReplayExchange, ManualClock, MemorySandboxLedger } from '../broker/index.js';
import { venueCalendar } from '../calendar/index.js';
import {
  type Candles,
  InputError,
  type RoundTrip,
  type SandboxLedger,
  timeframeMs,
  UsageError,
} from '../core/index.js';
import type { RiskLimits } from '../risk/index.js';
import type { CheckedSpec } from '../spec/index.js';
import { deleteBot, fillsOf, getBot, registerBots, type Store } from '../store/index.js';
import { compileStrategy, type Strategy } from '../strategy/index.js';
import { BotRunner } from './bot-runner.js';
import { botRiskLimits } from './risk-limits.js';
import { roundTrips } from './round-trips.js';

export interface ReplayOptions {
  readonly store: Store;
  /**
   * The throwaway bot the replay trades as (registered with `config.replay: true`); an earlier
   * replay's bot of this name is deleted first, any other bot of this name refuses the replay.
   */
  readonly name: string;
  readonly checked: CheckedSpec;
  readonly params?: Readonly<Record<string, number | string | boolean>>;
  readonly symbol: string;
  readonly candles: Candles;
  /** Index of the first traded bar; the bars before it only warm the strategy up. */
  readonly start?: number;
  readonly capital?: number;
  readonly costs?: Partial<Costs>;
  /**
   * The venue whose sessions the candles keep (XNYS, …): the runner and the exchange follow its
   * calendar, so an order decided at a session's close fills at the next open, as in the backtest.
   */
  readonly venue?: string;
  /**
   * Rails for the replay; default: the spec's, as a bot of it trades under and as its backtest
   * runs (backtestSpec), so the two make the same orders.
   */
  readonly limits?: RiskLimits;
  /** A custom strategy (the TypeScript escape hatch) in place of the spec's compiled one. */
  readonly strategy?: Strategy;
  /** The replay exchange's order book (default: in memory). */
  readonly ledger?: SandboxLedger;
  /**
   * Stop the runner and start a new one, on a new exchange over the same ledger, every this many
   * bars: a runner restarted mid-history must carry on with the same trades.
   */
  readonly restartEvery?: number;
}

export interface ReplayResult {
  readonly trades: RoundTrip[];
  readonly fills: number;
  readonly cash: number;
  readonly position: number;
}

/** The config key that marks a bot as a replay's throwaway, which the next replay may delete. */
const REPLAY_MARK = 'replay';

/** Deletes the bot an earlier replay left under `name`; a bot that is not a replay's is never touched. */
async function deletePreviousReplay(store: Store, name: string): Promise<void> {
  const existing = await getBot(store, name);
  if (existing === undefined) return;
  if (existing.config[REPLAY_MARK] !== true) {
    throw new InputError(
      `bot '${name}' exists and is not a replay's: fleet replay will not delete it (rename that bot)`,
    );
  }
  await deleteBot(store, name);
}

/**
 * Runs the real runner (ledger, rails, order flow, database) over history on a replay of the
 * sandbox exchange, one bar close at a time on a manual clock. Same strategy, same fills model:
 * the trades must be the backtest's, which is what the parity test holds it to.
 */
export async function replayBot(options: ReplayOptions): Promise<ReplayResult> {
  const { store, name, checked, symbol, candles } = options;
  const start = options.start ?? 0;
  const n = candles.length;
  if (n < 2 || start < 1 || start >= n)
    throw new UsageError(`a replay needs warm-up bars before start (1 <= start < ${n}), got ${start}`);
  const timeframe = checked.spec.timeframe;
  const tf = timeframeMs(timeframe);
  const costs = resolveCosts(checked, options.costs);
  const capital = options.capital ?? 10_000;
  await deletePreviousReplay(store, name);
  await registerBots(store, [
    {
      name,
      spec: checked.spec,
      params: options.params ?? {},
      symbol,
      exchange: 'replay',
      timeframe,
      capital,
      risk: {},
      config: { [REPLAY_MARK]: true, ...(options.venue === undefined ? {} : { venue: options.venue }) },
    },
  ]);
  const bot = await getBot(store, name);
  if (bot === undefined) throw new Error(`replay bot ${name} vanished after registration`);
  const clock = new ManualClock(candles.time[start - 1] + tf);
  const ledger = options.ledger ?? new MemorySandboxLedger();
  const strategy = options.strategy ?? compileStrategy(checked, { params: options.params });
  const limits = options.limits ?? botRiskLimits(bot, checked);
  const boot = async () => {
    const exchange = createReplayExchange({
      account: name,
      ledger,
      clock,
      timeframe,
      costs,
      initialCash: capital,
      candles: { [symbol]: candles },
      venue: options.venue,
    });
    const runner = new BotRunner({
      store,
      bot,
      strategy,
      broker: exchange,
      feed: exchange,
      clock,
      costs,
      limits,
      owner: `replay:${process.pid}`,
      leaseTtlMs: 60_000,
      warmupBars: start,
      ownAccount: true,
      calendar: options.venue === undefined ? undefined : venueCalendar(options.venue),
    });
    await runner.boot();
    return { runner, exchange };
  };
  let { runner, exchange } = await boot();
  try {
    for (let i = start; i < n - 1; i++) {
      if (options.restartEvery !== undefined && i > start && (i - start) % options.restartEvery === 0) {
        await runner.stop('restarted');
        await exchange.close();
        ({ runner, exchange } = await boot());
      }
      const close = candles.time[i] + tf;
      // A runner may want to look in before the bar closes (a reversal's entry at the open).
      for (let wake = runner.nextBarClose(); wake < close && wake > clock.now(); wake = runner.nextBarClose()) {
        clock.set(wake);
        await runner.tick();
      }
      clock.set(close);
      await runner.tick();
    }
    // The last bar's close: resting stops and targets meet it, but nothing new is decided, as
    // the backtest's last decision has no next open to fill at.
    clock.set(candles.time[n - 1] + tf);
    await runner.catchUp();
  } finally {
    await runner.stop('replayed');
    await exchange.close();
  }
  const fills = await fillsOf(store, name);
  const trades = roundTrips(fills.map((f) => ({ ...f, time: f.time.getTime() })));
  const book = runner.book;
  return { trades, fills: fills.length, cash: book.cash, position: book.position };
}
