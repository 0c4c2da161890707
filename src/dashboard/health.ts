import { type ChannelBacklog, outboxStatus, rejectedOrdersSince, type Store } from '../store/index.js';
import type { FleetView } from './fleet-view.js';

/** How far back the health panel counts rejected orders. */
export const REJECTED_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FleetHealth {
  readonly now: number;
  /** Runners that say running but have not beaten for three intervals (as `fleet ls` marks stale). */
  readonly staleHeartbeats: { bot: string; heartbeatAt: Date | null; ageMs: number | null }[];
  readonly halted: { bot: string; reason: string | null }[];
  /** Bots with their own kill switch set. */
  readonly killed: string[];
  readonly paused: string[];
  readonly globalKillSwitch: boolean;
  /** Orders refused by a risk rail or the broker in the last 24 hours (wall clock), every bot. */
  readonly rejectedOrders: {
    readonly since: Date;
    readonly count: number;
    readonly latest: { bot: string; clientOrderId: string; side: string; reason: string | null; createdAt: Date }[];
  };
  /** The notification outbox per channel, as `fleet notify status` shows it. */
  readonly outbox: ChannelBacklog[];
  /** Messages waiting in the outbox, every channel. */
  readonly outboxPending: number;
}

/**
 * What needs a human: stale runners, halts, kill switches (from the fleet's view, read once for
 * both), rejected orders and undelivered notifications.
 */
export async function fleetHealth(store: Store, view: FleetView): Promise<FleetHealth> {
  const { now } = view;
  const rows = view.bots;
  const since = new Date(now - REJECTED_WINDOW_MS);
  const [rejected, outbox] = await Promise.all([rejectedOrdersSince(store, since), outboxStatus(store)]);
  return {
    now,
    staleHeartbeats: rows
      .filter((row) => row.stale)
      .map((row) => ({ bot: row.name, heartbeatAt: row.heartbeatAt, ageMs: row.heartbeatAgeMs })),
    halted: rows.filter((row) => row.flags.halted).map((row) => ({ bot: row.name, reason: row.haltedReason })),
    killed: rows.filter((row) => row.flags.killSwitch).map((row) => row.name),
    paused: rows.filter((row) => row.flags.paused).map((row) => row.name),
    globalKillSwitch: view.globalKillSwitch,
    rejectedOrders: {
      since,
      count: rejected.count,
      latest: rejected.latest.map((order) => ({
        bot: order.bot,
        clientOrderId: order.clientOrderId,
        side: order.side,
        reason: order.reason ?? null,
        createdAt: order.createdAt,
      })),
    },
    outbox,
    outboxPending: outbox.reduce((sum, channel) => sum + channel.pending, 0),
  };
}
