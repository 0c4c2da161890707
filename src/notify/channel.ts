import type { EventLevel } from '../store/index.js';

/** One alert or event to deliver: what the outbox holds for one channel. */
export interface Notification {
  /** Idempotency key: the same event on the same channel is never delivered twice. */
  readonly key: string;
  readonly level: EventLevel;
  readonly kind: string;
  /** The bot it concerns; null for fleet-wide events (pipeline stages, tests). */
  readonly bot: string | null;
  readonly message: string;
  readonly data?: unknown;
  readonly time: Date;
}

/** A place notifications go: console, webhook, Telegram. A failed send throws; the outbox retries. */
export interface Channel {
  readonly name: string;
  send(batch: readonly Notification[]): Promise<void>;
}
