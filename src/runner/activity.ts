import type { BrokerFill, OrderStatus } from '../core/index.js';
import type { LedgerOrder, NewEvent } from '../store/index.js';

/**
 * The events the runner writes about its orders and fills, one per change, in the transaction of
 * the change itself. The kinds are stable names (fleet logs, fleet run --json, alerts match on
 * them); the message is for people; `data` carries the numbers.
 */
export type ActivityKind =
  | 'order_placed'
  | 'order_partially_filled'
  | 'order_filled'
  | 'order_cancelled'
  | 'order_rejected'
  | 'risk_rejected'
  | 'fill';

export const ACTIVITY_KINDS: readonly ActivityKind[] = [
  'order_placed',
  'order_partially_filled',
  'order_filled',
  'order_cancelled',
  'order_rejected',
  'risk_rejected',
  'fill',
];

/** The numbers every order event carries. */
export interface OrderEventData {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly role: LedgerOrder['role'];
  readonly side: LedgerOrder['side'];
  readonly type: LedgerOrder['type'];
  readonly quantity: number;
  /** Limit or trigger price; for a market order the price it was expected (or refused) at, if known. */
  readonly price: number | null;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly averagePrice: number | null;
  readonly fee: number;
  readonly reason?: string;
}

/** The numbers a fill event carries, with the position and cash it left. */
export interface FillEventData {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly role: LedgerOrder['role'];
  readonly side: LedgerOrder['side'];
  readonly fillId: string;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  /** Epoch ms of the fill on the broker's clock (the sandbox's compressed one for a sandbox bot). */
  readonly fillTime: number;
  readonly position: number;
  readonly cash: number;
}

export interface ActivityEvent extends NewEvent {
  readonly bot: string;
  readonly kind: ActivityKind;
  readonly data: OrderEventData | FillEventData | (OrderEventData & { readonly rail: string });
}

/** What an order's state now is, as the ledger row will hold it. */
export interface OrderChange {
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly averagePrice?: number;
  readonly fee: number;
  readonly reason?: string;
}

const STATUS_KIND: Partial<Record<OrderStatus, ActivityKind>> = {
  open: 'order_placed',
  partially_filled: 'order_partially_filled',
  filled: 'order_filled',
  cancelled: 'order_cancelled',
  expired: 'order_cancelled',
  rejected: 'order_rejected',
};

/**
 * The event for an order whose status changes from the ledger's `order.status` to `change.status`;
 * undefined when the status stays (a resting order looked at again, a fill that changed nothing
 * the log would say). `broker` names who rejected or cancelled it.
 */
export function orderEvent(order: LedgerOrder, change: OrderChange, broker: string): ActivityEvent | undefined {
  const kind = STATUS_KIND[change.status];
  if (kind === undefined || change.status === order.status) return undefined;
  const data = orderData(order, change);
  const what = describe(order);
  const why = change.reason === undefined ? '' : `: ${change.reason}`;
  const at = change.averagePrice === undefined ? '' : ` at ${num(change.averagePrice)}`;
  const messages: Record<ActivityKind, string> = {
    order_placed: `placed ${what}`,
    order_partially_filled: `partly filled ${what}: ${num(change.filledQuantity)} of ${num(order.quantity)}${at} so far`,
    order_filled: `filled ${what}${at}, fee ${num(change.fee)}`,
    order_cancelled: `${change.status === 'expired' ? 'expired' : 'cancelled'} ${what}${why}`,
    order_rejected: `rejected ${what} by ${broker}${why || ': no reason given'}`,
    risk_rejected: '',
    fill: '',
  };
  return {
    bot: order.bot,
    level: kind === 'order_rejected' ? 'alert' : 'info',
    kind,
    message: messages[kind],
    data,
  };
}

/** The event for an order the risk rails refused before it reached the broker (an alert). */
export function refusalEvent(order: LedgerOrder, reference: number, rail: string, reason: string): ActivityEvent {
  const data = {
    ...orderData(order, { status: 'rejected', filledQuantity: 0, fee: 0, reason }),
    price: reference,
    rail,
  };
  return {
    bot: order.bot,
    level: 'alert',
    kind: 'risk_rejected',
    message: `refused ${describe(order)} by the ${rail} rail: ${reason}`,
    data,
  };
}

/** The event for one fill, with the position and cash it left. */
export function fillEvent(
  order: LedgerOrder,
  fill: BrokerFill,
  after: { position: number; cash: number },
): ActivityEvent {
  const verb = order.side === 'buy' ? 'bought' : 'sold';
  return {
    bot: order.bot,
    level: 'info',
    kind: 'fill',
    message: `fill (${order.role}): ${verb} ${num(fill.quantity)} ${order.symbol} at ${num(fill.price)}, fee ${num(fill.fee)}; position ${num(after.position)}`,
    data: {
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      role: order.role,
      side: order.side,
      fillId: fill.id,
      quantity: fill.quantity,
      price: fill.price,
      fee: fill.fee,
      fillTime: fill.time,
      position: after.position,
      cash: after.cash,
    },
  };
}

function orderData(order: LedgerOrder, change: OrderChange): OrderEventData {
  return {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    role: order.role,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    price: order.price ?? null,
    status: change.status,
    filledQuantity: change.filledQuantity,
    averagePrice: change.averagePrice ?? null,
    fee: change.fee,
    ...(change.reason === undefined ? {} : { reason: change.reason }),
  };
}

/** `entry buy 0.0983 SBX-WALK market`, `stop sell 0.0983 SBX-WALK stop 99.1`. */
function describe(order: LedgerOrder): string {
  const price = order.type === 'market' || order.price === undefined ? order.type : `${order.type} ${num(order.price)}`;
  return `${order.role} ${order.side} ${num(order.quantity)} ${order.symbol} ${price}`;
}

/** Six significant digits: 0.09832154 reads as 0.0983215. */
const num = (value: number): string => String(Number(value.toPrecision(6)));
