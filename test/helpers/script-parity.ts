import { readFileSync } from 'node:fs';
import { type BacktestResult, type Costs, runBacktest } from '../../src/backtest/index.js';
import type { Candles, SandboxLedger } from '../../src/core/index.js';
import { type RiskLimitsInput, resolveRiskLimits } from '../../src/risk/index.js';
import { type ReplayResult, replayBot } from '../../src/runner/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { ordersOf, type Store } from '../../src/store/index.js';
import type { StrategyRisk } from '../../src/strategy/index.js';
import { busyScript, timedStrategy } from './scripted-strategy.js';

/**
 * The bot's registration: ema-cross, whose rails (collar, order rate, stale data: the defaults)
 * both clocks apply. Its daily-loss limit is wide: a tripped breaker halts the runner for good but
 * only stops the backtest's entries for the day, so the two part ways there by design.
 */
const emaCross = JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8'));
const SPEC = loadSpec({ ...emaCross, risk: { ...emaCross.risk, daily_loss_limit: 0.5 } });

export interface ScriptParity {
  readonly backtest: BacktestResult;
  readonly replay: ReplayResult;
  /** How the runner's trips ended, in order: the role of each filled exit, stop or take-profit. */
  readonly exits: string[];
}

const EXIT_REASON: Record<string, string> = { exit: 'signal', stop: 'stop_loss', take_profit: 'take_profit' };

/**
 * A busy script through the backtest and through the real runner (replayBot on the replay
 * exchange, restarted every `restartEvery` bars), both under the spec's rails.
 */
export async function scriptParity(options: {
  readonly store: Store;
  readonly candles: Candles;
  readonly symbol: string;
  readonly costs: Costs;
  readonly risk: Partial<StrategyRisk>;
  readonly ledger?: SandboxLedger;
  readonly restartEvery?: number;
}): Promise<ScriptParity> {
  const { store, candles, symbol, costs, risk } = options;
  const start = 1;
  const script = busyScript(candles.time, start);
  const limits = resolveRiskLimits(SPEC.spec.risk as Partial<RiskLimitsInput>);
  const backtest = runBacktest(timedStrategy(script, risk), candles, {
    timeframe: '1h',
    costs,
    initialCash: 10_000,
    ledger: true,
    start,
    limits,
  });
  const replay = await replayBot({
    store,
    name: 'parity',
    checked: SPEC,
    strategy: timedStrategy(script, risk),
    symbol,
    candles,
    start,
    costs,
    capital: 10_000,
    ledger: options.ledger,
    restartEvery: options.restartEvery,
  });
  const exits = (await ordersOf(store, 'parity'))
    .filter((order) => order.role !== 'entry' && order.status === 'filled')
    .map((order) => EXIT_REASON[order.role]);
  return { backtest, replay, exits };
}
