import type { Book } from '../core/index.js';
import { type NewEvent, recordEvent } from '../store/index.js';
import type { ActivityEvent } from './activity.js';
import { type BotRun, createBotRun } from './bot-run.js';
import { bootRun } from './runner-boot.js';
import type { BotRunnerOptions } from './runner-options.js';
import { nextBarClose } from './runner-session.js';
import { type TickReport, tickRun } from './runner-tick.js';
import type { SessionEvent } from './session-watch.js';

/**
 * One bot, driven tick by tick: lease → load → reconcile on boot (runner-boot.ts); then on each
 * tick (runner-tick.ts) sync orders, read flags, take the new bar, decide, pass the rails, persist,
 * send, record fills (bar-trade.ts), then equity and a heartbeat (bar-close.ts). Nothing it needs
 * across ticks lives only in memory: the strategy's indicators are rebuilt from bars, everything
 * else is read back from the database on boot.
 */
export class BotRunner {
  readonly name: string;
  private readonly run: BotRun;
  private booted = false;

  constructor(options: BotRunnerOptions) {
    this.name = options.bot.name;
    this.run = createBotRun(options);
  }

  /**
   * Tells `listener` of every order and fill event the runner records, once it is in the database
   * (the same event `fleet logs` shows): how a run reports its trading as it happens.
   */
  onActivity(listener: ((event: ActivityEvent) => void) | undefined): void {
    this.run.listeners.activity = listener;
  }

  /** Tells `listener` of the venue's opens and closes as the runner records them. */
  onSession(listener: ((event: SessionEvent & { bot: string }) => void) | undefined): void {
    this.run.listeners.session = listener;
  }

  get timeframeMs(): number {
    return this.run.timeframeMs;
  }

  /** How long the runner's lease lasts without a renewal. */
  get leaseTtlMs(): number {
    return this.run.lease.ttlMs;
  }

  /**
   * When the next bar closes, on the runner's clock: over a closed market, the next session's first.
   * Earlier while a reversal's entry waits for its exit: when that exit should fill (at the open).
   */
  nextBarClose(): number {
    return nextBarClose(this.run);
  }

  async boot(): Promise<void> {
    await bootRun(this.run);
    this.booted = true;
  }

  /** One pass: catch up with the broker, then trade on the newest closed bar, if any. */
  async tick(): Promise<TickReport> {
    if (!this.booted) throw new Error('tick before boot');
    return tickRun(this.run);
  }

  /** Catches up with the broker's fills without deciding anything (the end of a replay). */
  async catchUp(): Promise<void> {
    await this.run.desk.syncOrders(this.run.lastBarTime);
  }

  get book(): Book {
    return this.run.desk.book;
  }

  /** Releases the lease; the runner may be booted again later (or by another process). */
  async stop(status = 'stopped'): Promise<void> {
    this.booted = false;
    // The event first, under the lease; the lease is given up last.
    await this.record({ level: 'info', kind: 'stopped', message: `runner ${status}` });
    await this.run.lease.release(status);
  }

  /** Records an event about this bot under its lease (refused once the lease is another's). */
  record(event: Omit<NewEvent, 'bot'>): Promise<number> {
    return recordEvent(this.run.options.store, { ...event, bot: this.name }, this.run.lease.fence);
  }

  /** Renews the lease between ticks (a tick may be an hour away). False when it was lost. */
  beat(): Promise<boolean> {
    return this.run.lease.renew();
  }
}
