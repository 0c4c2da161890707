import type { OrderIntent } from '../core/index.js';
import { formatAmount, formatPercent, formatSetting } from './format.js';
import type { RiskLimits } from './limits.js';

/**
 * The pre-trade rails (DESIGN principle 6, "brakes before engine"): pure checks of one order
 * against the bot's flags, the market and the limits. No I/O: the runner (or the backtest) reads
 * the flags and counters, builds the context, and turns a rejection into an event and an alert.
 */

export type RailName =
  | 'kill_switch'
  | 'halted'
  | 'paused'
  | 'price_collar'
  | 'max_order_value'
  | 'max_position_value'
  | 'daily_loss'
  | 'order_rate'
  | 'stale_data'
  | 'market_closed'
  | 'short_unsupported'
  | 'invalid_order';

export interface RiskFlags {
  readonly killSwitch: boolean;
  readonly globalKillSwitch: boolean;
  readonly paused: boolean;
  readonly halted: boolean;
  readonly haltedReason: string | null;
}

export interface RiskContext {
  readonly flags: RiskFlags;
  /** The broker's last trade price. */
  readonly lastPrice: number;
  /** Signed base units before the order. */
  readonly position: number;
  /** Epoch ms at which the decision bar closed. */
  readonly barCloseTime: number;
  /** Epoch ms. */
  readonly now: number;
  readonly timeframeMs: number;
  readonly ordersInLastMinute: number;
  readonly canShort: boolean;
  /**
   * Whether the venue's regular session is open now (its calendar's isOpen); undefined for a
   * market that never closes (crypto).
   */
  readonly marketOpen?: boolean;
  /** The spec allows orders outside the regular session (risk.extended_hours). */
  readonly extendedHours?: boolean;
}

export type RiskVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly rail: RailName; readonly reason: string };

export const PASS: RiskVerdict = Object.freeze({ ok: true });

export function reject(rail: RailName, reason: string): RiskVerdict {
  return { ok: false, rail, reason };
}

/**
 * An order that adds exposure: role entry and not reduce-only. Paused, short_unsupported and the
 * two value caps look at these only, so a bot can always get out.
 */
export function addsExposure(intent: OrderIntent): boolean {
  return intent.role === 'entry' && !intent.reduceOnly;
}

/** Orders placed now on the strength of the decision bar (protective stops rest away from it). */
function actsOnBar(intent: OrderIntent): boolean {
  return intent.role === 'entry' || intent.role === 'exit';
}

const positive = (x: number) => Number.isFinite(x) && x > 0;

/**
 * The first rail the order breaks, in this order: kill switch, halted, invalid order, paused,
 * short unsupported, market closed, stale data, price collar, max order value, max position value, order rate.
 * Flags first (they stop everything), then the order's own sanity, then the market, then limits.
 * Every comparison fails closed: a NaN anywhere rejects rather than passes.
 * Cancels are not orders and never come here.
 */
export function checkOrder(intent: OrderIntent, context: RiskContext, limits: RiskLimits): RiskVerdict {
  const { flags } = context;
  if (flags.globalKillSwitch) return reject('kill_switch', 'the global kill switch is on: no orders');
  if (flags.killSwitch) return reject('kill_switch', "this bot's kill switch is on: no orders");
  if (flags.halted) return reject('halted', `the bot is halted: ${flags.haltedReason?.trim() || 'no reason recorded'}`);

  if (!positive(intent.quantity) || !positive(intent.price)) {
    return reject(
      'invalid_order',
      `invalid order: quantity ${String(intent.quantity)} and price ${String(intent.price)} must be finite and > 0`,
    );
  }

  const entry = addsExposure(intent);
  if (flags.paused && entry) return reject('paused', 'the bot is paused: no new entries (exits and stops still pass)');

  const signed = intent.side === 'buy' ? intent.quantity : -intent.quantity;
  const after = context.position + signed;
  if (entry && !context.canShort && intent.side === 'sell' && !(after >= 0)) {
    return reject(
      'short_unsupported',
      `a sell entry of ${formatSetting(intent.quantity)} would leave a short position of ${formatSetting(after)}, and this market cannot be shorted`,
    );
  }

  if (context.marketOpen === false && context.extendedHours !== true) {
    return reject(
      'market_closed',
      `the market is closed (outside the venue's session): no ${intent.type} ${intent.role} until it opens (the spec's risk.extended_hours allows one)`,
    );
  }

  if (actsOnBar(intent)) {
    const age = context.now - context.barCloseTime;
    const maxAge = limits.staleAfterBars * context.timeframeMs;
    if (!(age <= maxAge)) {
      const bars = age / context.timeframeMs;
      return reject(
        'stale_data',
        `stale data: the decision bar closed ${formatSetting(Math.round(bars * 100) / 100)} bars ago (${formatSetting(age)} ms), beyond stale_after_bars ${formatSetting(limits.staleAfterBars)}`,
      );
    }
  }

  if (actsOnBar(intent) && intent.type !== 'stop') {
    const last = context.lastPrice;
    if (!positive(last)) {
      return reject('price_collar', `no usable last trade price (${String(last)}): no ${intent.type} ${intent.role}`);
    }
    const deviation = Math.abs(intent.price - last) / last;
    if (!(deviation <= limits.priceCollar)) {
      return reject(
        'price_collar',
        `price ${formatAmount(intent.price)} is ${formatPercent(deviation)} from the last trade ${formatAmount(last)}, beyond price_collar ${formatSetting(limits.priceCollar)}`,
      );
    }
  }

  if (entry) {
    const value = intent.quantity * intent.price;
    if (!(value <= limits.maxOrderValue)) {
      return reject(
        'max_order_value',
        `order value ${formatAmount(value)} exceeds max_order_value ${formatSetting(limits.maxOrderValue)}`,
      );
    }
    const positionValue = Math.abs(after) * intent.price;
    if (!(positionValue <= limits.maxPositionValue)) {
      return reject(
        'max_position_value',
        `position value after the order ${formatAmount(positionValue)} exceeds max_position_value ${formatSetting(limits.maxPositionValue)}`,
      );
    }
  }

  if (!(context.ordersInLastMinute < limits.maxOrdersPerMinute)) {
    return reject(
      'order_rate',
      `${formatSetting(context.ordersInLastMinute)} orders in the last minute reached max_orders_per_minute ${formatSetting(limits.maxOrdersPerMinute)}`,
    );
  }
  return PASS;
}
