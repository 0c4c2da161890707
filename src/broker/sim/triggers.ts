import { marketFillPrice } from '../../backtest/index.js';
import type { SandboxOrder } from '../../core/index.js';

/**
 * The price a resting order fills at against one bar, or undefined when the bar does not reach
 * it. The backtest's SimAccount.checkExits rules: a stop fills at its trigger or at a worse open,
 * with slippage (it becomes a market order); a limit at its price or a better open, without.
 */
export function restingFillPrice(
  order: SandboxOrder,
  open: number,
  high: number,
  low: number,
  slippageRate: number,
): number | undefined {
  const price = order.price as number;
  if (order.type === 'stop') {
    if (order.side === 'sell')
      return low <= price ? marketFillPrice(Math.min(open, price), false, slippageRate) : undefined;
    return high >= price ? marketFillPrice(Math.max(open, price), true, slippageRate) : undefined;
  }
  if (order.side === 'sell') return high >= price ? Math.max(open, price) : undefined;
  return low <= price ? Math.min(open, price) : undefined;
}
