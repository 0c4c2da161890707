import { sleep } from '../core/index.js';
import {
  claimOutbox,
  enqueueEvents,
  type LockSession,
  lockSession,
  markFailed,
  markSent,
  type OutboxFilter,
  releaseChannelClaims,
  releaseClaim,
  type Store,
} from '../store/index.js';
import type { Channel } from './channel.js';
import { groupRows } from './group.js';

/** A channel and the events it takes. */
export interface RoutedChannel {
  readonly channel: Channel;
  readonly filter: OutboxFilter;
}

export interface NotifierOptions {
  readonly store: Store;
  readonly channels: readonly RoutedChannel[];
  /** Events of one kind within this window go as one message (default 30 s). */
  readonly groupWindowMs?: number;
  /** Messages per channel per minute at most (default 20); the rest wait, and group. */
  readonly maxPerMinute?: number;
  /** Pause between passes over the outbox (default 1 s). */
  readonly pollMs?: number;
  /** How long a claim holds before another notifier may take the rows (default 60 s). */
  readonly leaseMs?: number;
  /** First retry delay, doubled per attempt up to maxRetryMs (defaults 2 s and 10 min). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Rows claimed per pass per channel (default 500). */
  readonly batch?: number;
  /** Told of each pass's result per channel (the CLI logs it; library code never prints). */
  readonly onDelivery?: (report: DeliveryReport) => void;
  /** Told of a pass that failed as a whole (store unreachable); the loop goes on. */
  readonly onError?: (error: unknown) => void;
}

/** What one pass did on one channel; every count a report shows comes from here. */
export interface DeliveryReport {
  readonly channel: string;
  readonly queued: number;
  /** Messages sent and the outbox rows they stood for. */
  readonly messages: number;
  readonly delivered: number;
  readonly failed: number;
  readonly errors: readonly string[];
  /** Another notifier holds the channel: this one did nothing on it and waits to take over. */
  readonly standby: boolean;
}

/**
 * Delivers the outbox: each pass fans new events out per channel (by its filter), claims due
 * rows, groups storms, sends within the rate limit and records the outcome; a failed send is
 * retried with exponential backoff (attempts and the last error kept in the row). A row is marked
 * sent only after its channel accepted it; a notifier killed between the two leaves a claim, and
 * the row goes once more with the same key (the at-most-one resend receivers dedup).
 *
 * Several notifiers may run on one database (replicas, `fleet up` beside `fleet notify run`): one
 * at a time works a channel, holding the channel's lock (`notify:<channel>`) while it runs, so the
 * rate limit and grouping hold across them; the others stand by and take the channel over at their
 * next pass once its holder is gone (a killed holder frees the lock with its session or pid), at
 * once freeing the claims it left instead of waiting for them to expire.
 */
export class Notifier {
  private readonly sent = new Map<string, number[]>();
  private locks: LockSession | undefined;
  private running = false;
  private passes = 0;

  constructor(private readonly options: NotifierOptions) {}

  /** One pass over every channel it holds (or can take); a pass outside run() lets them go after. */
  async tick(now: number = Date.now()): Promise<DeliveryReport[]> {
    const reports: DeliveryReport[] = [];
    this.passes += 1;
    try {
      for (const routed of this.options.channels) {
        reports.push(
          (await this.lead(routed.channel.name)) ? await this.deliver(routed, now) : standby(routed.channel.name),
        );
      }
    } finally {
      this.passes -= 1;
      if (!this.running && this.passes === 0) await this.close();
    }
    return reports;
  }

  /** Passes until `signal` aborts; a pass that throws is reported and the loop goes on. */
  async run(signal: AbortSignal): Promise<void> {
    this.running = true;
    try {
      while (!signal.aborted) {
        try {
          for (const report of await this.tick()) {
            if (report.queued + report.messages + report.failed > 0) this.options.onDelivery?.(report);
          }
        } catch (error) {
          this.options.onError?.(error);
        }
        await sleep(this.options.pollMs ?? 1000, signal);
      }
    } finally {
      this.running = false;
      if (this.passes === 0) await this.close();
    }
  }

  /** Lets every channel it holds go (a stopping notifier; run() does it as tick() ends). */
  async close(): Promise<void> {
    const locks = this.locks;
    this.locks = undefined;
    await locks?.close();
  }

  /** Whether this notifier holds the channel now: kept, or taken because its holder is gone. */
  private async lead(channel: string): Promise<boolean> {
    const key = `notify:${channel}`;
    this.locks ??= lockSession(this.options.store);
    if (await this.locks.holds(key)) return true;
    if (!(await this.locks.tryHold(key))) return false;
    // Claims left on the channel are a gone holder's: free them now rather than when they expire.
    await releaseChannelClaims(this.options.store, channel);
    return true;
  }

  private async deliver({ channel, filter }: RoutedChannel, now: number): Promise<DeliveryReport> {
    const { store } = this.options;
    const queued = await enqueueEvents(store, channel.name, filter);
    const recent = (this.sent.get(channel.name) ?? []).filter((time) => now - time < 60_000);
    this.sent.set(channel.name, recent);
    let budget = (this.options.maxPerMinute ?? 20) - recent.length;
    const report = {
      channel: channel.name,
      queued,
      messages: 0,
      delivered: 0,
      failed: 0,
      errors: [] as string[],
      standby: false,
    };
    if (budget <= 0) return report;
    const rows = await claimOutbox(store, channel.name, this.options.batch ?? 500, this.options.leaseMs ?? 60_000);
    for (const group of groupRows(rows, this.options.groupWindowMs ?? 30_000)) {
      if (budget <= 0) {
        await releaseClaim(store, group.ids);
        continue;
      }
      budget -= 1;
      recent.push(now);
      try {
        await channel.send([group.notification]);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const attempts = Math.max(...rows.filter((row) => group.ids.includes(row.id)).map((row) => row.attempts));
        await markFailed(store, group.ids, message, this.backoff(attempts));
        report.failed += group.ids.length;
        report.errors.push(message);
        continue;
      }
      // Delivered: if this record fails (the database went away), the claim expires and the
      // message goes once more with the same key, never as a failure retried on a schedule.
      await markSent(store, group.ids);
      report.messages += 1;
      report.delivered += group.ids.length;
    }
    return report;
  }

  private backoff(attempts: number): number {
    const base = this.options.retryMs ?? 2000;
    return Math.min(base * 2 ** Math.max(0, attempts - 1), this.options.maxRetryMs ?? 600_000);
  }
}

const standby = (channel: string): DeliveryReport => ({
  channel,
  queued: 0,
  messages: 0,
  delivered: 0,
  failed: 0,
  errors: [],
  standby: true,
});
