import { expect } from 'vitest';
import type { ManualClock } from '../../src/broker/index.js';
import { type BarFeed, type Broker, timeframeMs } from '../../src/core/index.js';
import { DEFAULT_RISK_LIMITS } from '../../src/risk/index.js';
import type { BotRunner } from '../../src/runner/index.js';
import { type BotRecord, getBot, registerBots, type Store, setBotMode } from '../../src/store/index.js';
import { FLAT, type Strategy } from '../../src/strategy/index.js';
import { fakeBar } from '../../src/testing/fake-exchange.js';
import { rigRunner } from './runner-rig.js';
import { SCRIPT_TRANSITIONS } from './scripted-strategy.js';

/**
 * A bot on the fake Binance (src/testing/fake-exchange.ts): BTC/USDT on 1-minute bars, on a
 * manual clock that runs half an hour behind the real one (the fake serves bars only up to now).
 */
export const SYMBOL = 'BTC/USDT';
export const SYMBOL_ID = 'BTCUSDT';
export const TF_MS = timeframeMs('1m');
export const CAPITAL = 1_000;
/** Bars before the first traded one: they warm the strategy up. */
export const START = 5;
export const KEYS = { BINANCE_API_KEY: 'k', BINANCE_SECRET: 's' };

const BASE = Math.floor(Date.now() / TF_MS) * TF_MS - 30 * TF_MS;
export const barTime = (index: number): number => BASE + index * TF_MS;
/** The close of bar `index` (the moment the runner may trade on it). */
export const closeOf = (index: number): number => barTime(index + 1);
export const fakeClose = (index: number): number => fakeBar(SYMBOL_ID, TF_MS, barTime(index))[4];

/** Registers the bot on binance, in paper mode or promoted to live. */
export async function registerExchangeBot(store: Store, name: string, mode: 'paper' | 'live'): Promise<BotRecord> {
  await registerBots(store, [
    {
      name,
      spec: { name: 'scripted' },
      params: {},
      symbol: SYMBOL,
      exchange: 'binance',
      timeframe: '1m',
      capital: CAPITAL,
      risk: {},
      config: {},
    },
  ]);
  if (mode === 'live') await setBotMode(store, name, 'live', { actor: 'test', reason: 'exchange test' });
  const bot = await getBot(store, name);
  if (bot === undefined) throw new Error(`bot ${name} was not registered`);
  expect(bot.mode).toBe(mode);
  return bot;
}

/**
 * A custom strategy, long on the bar opening at `entry` and flat again on the bar opening at
 * `exit` (by the bars' times, not by how many bars it has seen, so a restarted runner, warmed up
 * over other bars, still knows them).
 */
export function longBetween(entry: number, exit = Number.POSITIVE_INFINITY): Strategy {
  const buy = SCRIPT_TRANSITIONS.findIndex((t) => t.on === 'buy');
  const sell = SCRIPT_TRANSITIONS.findIndex((t) => t.on === 'sell');
  return {
    name: 'long-between',
    transitions: SCRIPT_TRANSITIONS,
    initialState: FLAT,
    risk: { stopLoss: Number.NaN, takeProfit: Number.NaN, positionSize: 1 },
    onBar: (bars, index, state) => {
      if (bars.time[index] === entry && state === FLAT) return buy;
      if (bars.time[index] === exit && state !== FLAT) return sell;
      return -1;
    },
    reset() {},
  };
}

/** A runner as assembleRunners builds one for an exchange bot, on a manual clock. */
export function exchangeRunner(
  store: Store,
  bot: BotRecord,
  parts: { strategy: Strategy; broker: Broker; feed: BarFeed; clock: ManualClock; ownAccount: boolean },
): BotRunner {
  return rigRunner(store, bot, { ...parts, limits: DEFAULT_RISK_LIMITS, start: START, quote: 'USDT' });
}
