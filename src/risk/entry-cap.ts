import type { RiskLimits } from './limits.js';

/**
 * The part of an entry of `quantity` at `price` that max_order_value and max_position_value let
 * through: the backtest and the runner both size an entry and then cap it here, so a capped entry
 * passes those two rails (checkOrder judges it with the same arithmetic) and the two clocks send
 * the same quantity. `position` is the signed position before the order. Returns 0 when the
 * position already fills max_position_value; an invalid quantity or price is returned as is, for
 * the rails to refuse.
 */
export function capEntryQuantity(
  quantity: number,
  price: number,
  side: 'buy' | 'sell',
  position: number,
  limits: Pick<RiskLimits, 'maxOrderValue' | 'maxPositionValue'>,
): number {
  if (!(quantity > 0 && price > 0 && Number.isFinite(price))) return quantity;
  const { maxOrderValue, maxPositionValue } = limits;
  const signed = side === 'buy' ? 1 : -1;
  const fits = (q: number) => q * price <= maxOrderValue && Math.abs(position + signed * q) * price <= maxPositionValue;
  if (fits(quantity)) return quantity;
  // Room beside the position: the entry may first take it back to zero when it points the other way.
  const room = maxPositionValue / price + (signed * position < 0 ? Math.abs(position) : -Math.abs(position));
  let capped = Math.min(quantity, maxOrderValue / price, room);
  if (!(capped > 0)) return 0;
  // Rounding can land a hair above a cap: step down, by ever larger steps from the size of that
  // rounding, until the rails' own arithmetic passes it.
  let step = (Math.abs(position) + capped) * Number.EPSILON;
  while (capped > 0 && !fits(capped)) {
    capped -= step;
    step *= 2;
  }
  return Math.max(0, capped);
}
