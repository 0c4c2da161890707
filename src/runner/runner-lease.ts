import { hostname } from 'node:os';
import { FencedOutError, FleetError, type LeaseFence } from '../core/index.js';
import { acquireLease, heartbeat, type LeaseHolder, recordEvent, releaseLease, type Store } from '../store/index.js';

/** Another runner holds the bot's lease. */
export class LeaseHeldError extends FleetError {}

/**
 * The bot's lease as one runner holds it: taken on boot, renewed by heartbeats, given up on stop.
 * Its fencing token goes with every write the runner makes, so once another runner has taken the
 * bot over nothing this one writes lands; a renewal that finds the lease gone says so by throwing.
 */
export class RunnerLease {
  /** The lease this runner holds (its fencing token): every write it makes carries it. */
  fence: LeaseFence | undefined;
  /** Real time (Date.now) of the last lease renewal that succeeded. */
  private renewedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly bot: string,
    /** Identifies this runner in the lease. */
    private readonly owner: string,
    readonly ttlMs: number,
  ) {}

  /**
   * Takes the lease, or throws LeaseHeldError naming who holds it. Returns the fencing token, and
   * the holder whose lease had run out when it was taken over from one.
   */
  async acquire(): Promise<{ fence: LeaseFence; previous: LeaseHolder | undefined }> {
    const { store, bot, owner } = this;
    const lease = await acquireLease(store, bot, { owner, pid: process.pid, host: hostname(), ttlMs: this.ttlMs });
    this.renewedAt = Date.now();
    if (!lease.acquired) {
      const { holder } = lease;
      throw new LeaseHeldError(
        `bot '${bot}' is already being run by ${holder.owner}${holder.pid ? ` (pid ${holder.pid} on ${holder.host})` : ''}; its lease lasts until ${holder.expiresAt?.toISOString() ?? 'it stops'}`,
      );
    }
    this.fence = lease.fence;
    return { fence: lease.fence, previous: lease.previous };
  }

  /** Records that the lease was taken over from `previous`, whose writes are refused from now on. */
  async recordTakeover(previous: LeaseHolder): Promise<void> {
    const fence = this.fence as LeaseFence;
    await recordEvent(
      this.store,
      {
        bot: this.bot,
        level: 'warn',
        kind: 'lease_taken_over',
        message: `took the lease over from ${previous.owner}${previous.pid ? ` (pid ${previous.pid} on ${previous.host})` : ''}, whose lease had run out: anything it still tries to write is refused (lease token ${fence.token})`,
        data: { previous, fence: fence.token },
      },
      fence,
    );
  }

  /**
   * Asleep past its renewals (a suspended process, a long pause), the runner may have lost the
   * lease to another by now: true when the last renewal is older than a third of the lease.
   */
  dueForRenewal(): boolean {
    return Date.now() - this.renewedAt > this.ttlMs / 3;
  }

  /**
   * Renews the lease with a heartbeat, status running, and the last traded bar when given (a bar's
   * close). Throws FencedOutError when the lease is another runner's now.
   */
  async renew(lastBarTime?: number): Promise<boolean> {
    const ours = await heartbeat(this.store, this.bot, this.owner, {
      ttlMs: this.ttlMs,
      status: 'running',
      lastBarTime,
      fence: this.fence,
    });
    if (!ours) throw lostLease(this.bot);
    this.renewedAt = Date.now();
    return ours;
  }

  /** Writes the last traded bar with the lease (the boot's first bar), leaving the status as it is. */
  async recordLastBar(lastBarTime: number): Promise<void> {
    const ours = await heartbeat(this.store, this.bot, this.owner, {
      ttlMs: this.ttlMs,
      lastBarTime,
      fence: this.fence,
    });
    if (!ours) throw lostLease(this.bot);
  }

  /** Gives the lease up with the bot's new status (while it is still this runner's). */
  release(status: string): Promise<void> {
    return releaseLease(this.store, this.bot, this.owner, status, this.fence);
  }
}

const lostLease = (bot: string): FencedOutError =>
  new FencedOutError(
    `bot '${bot}' was taken over by another runner (its lease ran out); this runner stops here and writes nothing`,
  );
