import { stopFillPrice, stopReached, targetFillPrice, targetReached } from '../../backtest/index.js';
import type { SandboxOrder } from '../../core/index.js';

/**
 * The price a resting order fills at against one bar, or undefined when the bar does not reach
 * it, by the fill model's protective rules (the backtest's): a stop fills at its trigger or at a
 * worse open, with slippage (it becomes a market order); a limit at its price or a better open,
 * without. A sell rests on the side of a stop or target protecting a long.
 */
export function restingFillPrice(
  order: SandboxOrder,
  open: number,
  high: number,
  low: number,
  slippageRate: number,
): number | undefined {
  const price = order.price as number;
  const sells = order.side === 'sell';
  if (order.type === 'stop')
    return stopReached(price, sells, high, low) ? stopFillPrice(price, sells, open, slippageRate) : undefined;
  return targetReached(price, sells, high, low) ? targetFillPrice(price, sells, open) : undefined;
}
