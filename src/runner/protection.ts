import { stopLevel, stopReached, targetLevel, targetReached } from '../backtest/index.js';
import { clientOrderId, type OrderType } from '../core/index.js';
import type { LedgerOrder } from '../store/index.js';
import type { StrategyRisk } from '../strategy/index.js';

/** A protective order the open position should have: where, and how the broker would hold it. */
export interface ProtectiveLevel {
  readonly role: 'stop' | 'take_profit';
  /** How a broker that holds stop orders keeps it: a stop-market, or a resting limit. */
  readonly type: Extract<OrderType, 'stop' | 'limit'>;
  readonly price: number;
}

/**
 * The strategy's stop-loss and take-profit for a position, priced from its average entry price as
 * the backtest prices them from the entry fill. Stop first: when one price crosses both, the
 * backtest also takes the stop.
 */
export function protectiveLevels(risk: StrategyRisk, position: number, entryPrice: number): ProtectiveLevel[] {
  if (position === 0 || !(entryPrice > 0)) return [];
  const long = position > 0;
  const levels: ProtectiveLevel[] = [];
  if (Number.isFinite(risk.stopLoss)) {
    levels.push({ role: 'stop', type: 'stop', price: stopLevel(entryPrice, long, risk.stopLoss) });
  }
  if (Number.isFinite(risk.takeProfit)) {
    levels.push({
      role: 'take_profit',
      type: 'limit',
      price: targetLevel(entryPrice, long, risk.takeProfit),
    });
  }
  return levels;
}

/** The first level the last price has reached, for a runner that keeps the levels itself. */
export function crossedLevel(
  levels: readonly ProtectiveLevel[],
  position: number,
  last: number,
): ProtectiveLevel | undefined {
  const long = position > 0;
  // A last price is a bar whose high and low are both that price.
  return levels.find((level) =>
    level.role === 'stop' ? stopReached(level.price, long, last, last) : targetReached(level.price, long, last, last),
  );
}

/**
 * Client order sequence numbers within one bar: the signal's exit and entry, then protective
 * orders in generations (stop 2, 4, …, 34; take-profit 3, 5, …, 35), so a position whose stop
 * was cancelled (the kill switch, a resize) or refused can be protected again in the same bar
 * under a new id, and every id still follows from what the ledger holds.
 */
export const SEQUENCE = { exit: 0, entry: 1, stop: 2, take_profit: 3 } as const;
const GENERATIONS = 17;
/** Refused attempts at one protective order per bar before waiting for the next bar. */
const MAX_REFUSED_PER_BAR = 3;

/**
 * The client order id for the next protective order of `role` on the bar `barTime`, given the
 * ledger's orders of that role on that bar; undefined when the bar's attempts are spent.
 */
export function nextProtectiveId(
  bot: string,
  barTime: number,
  role: ProtectiveLevel['role'],
  earlier: readonly LedgerOrder[],
): string | undefined {
  const refused = earlier.filter((order) => order.status === 'rejected').length;
  if (earlier.length >= GENERATIONS || refused >= MAX_REFUSED_PER_BAR) return undefined;
  return clientOrderId(bot, barTime, SEQUENCE[role] + 2 * earlier.length);
}
