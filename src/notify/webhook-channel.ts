import type { Channel, Notification } from './channel.js';
import { notificationText } from './format.js';

export type WebhookFormat = 'json' | 'slack' | 'discord';

export interface WebhookOptions {
  readonly name: string;
  readonly url: string;
  /** json: the notification as is; slack: {text}; discord: {content}. */
  readonly format: WebhookFormat;
  /** How long one POST may take (default 10 s). */
  readonly timeoutMs?: number;
}

/** The body a webhook of this format receives for one notification. */
export function webhookBody(format: WebhookFormat, notification: Notification): unknown {
  const text = notificationText(notification);
  if (format === 'slack') return { text };
  if (format === 'discord') return { content: text };
  return {
    key: notification.key,
    level: notification.level,
    kind: notification.kind,
    bot: notification.bot,
    message: notification.message,
    ...(notification.data === undefined ? {} : { data: notification.data }),
    time: notification.time.toISOString(),
  };
}

/**
 * POSTs each notification as JSON, one request each, with an `Idempotency-Key` header (the
 * notification's key): a receiver that keeps the keys it has seen drops the one resend a
 * notifier killed between the send and its record can cause. A non-2xx answer, a refused
 * connection or a timeout throws (the outbox retries). The URL never appears in an error.
 */
export function webhookChannel(options: WebhookOptions): Channel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: options.name,
    async send(batch: readonly Notification[]): Promise<void> {
      for (const notification of batch) {
        let response: Response;
        try {
          response = await fetch(options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': notification.key },
            body: JSON.stringify(webhookBody(options.format, notification)),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (error) {
          const cause =
            error instanceof Error && error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : reason(error);
          throw new Error(`webhook ${options.name}: ${cause}`);
        }
        await response.body?.cancel();
        if (!response.ok) throw new Error(`webhook ${options.name}: HTTP ${response.status}`);
      }
    },
  };
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
