import type { Channel, Notification } from '../channel.js';
import { withRetries } from './api.js';
import { splitMessage } from './split.js';

export interface TelegramChannelOptions {
  /** The bot's token from BotFather. */
  readonly token: string;
  /** The chats every notification goes to. */
  readonly chatIds: readonly number[];
  /** The Bot API's address; default https://api.telegram.org (a fake one in tests). */
  readonly apiRoot?: string;
}

/** One notification as a line of text: level, bot, message. */
export function formatNotification(notification: Notification): string {
  const level = notification.level === 'alert' || notification.level === 'error' ? '⚠️ ' : '';
  return `${level}${notification.bot ? `${notification.bot}: ` : ''}${notification.message}`;
}

/**
 * A notification channel that sends each batch to every allow-listed chat as one text (several
 * messages when it is over Telegram's 4096-character limit, split at line breaks). 429s and network
 * failures are retried in line (retryTransformer); a send that still fails throws, and the outbox
 * retries the batch. grammY is loaded on the first send only.
 */
export function telegramChannel(options: TelegramChannelOptions): Channel {
  let api: Promise<import('grammy').Api> | undefined;
  const client = () => {
    api ??= import('grammy').then(({ Api }) =>
      withRetries(new Api(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : undefined)),
    );
    return api;
  };
  return {
    name: 'telegram',
    async send(batch) {
      if (batch.length === 0) return;
      const text = batch.map(formatNotification).join('\n');
      const telegram = await client();
      for (const chat of options.chatIds) {
        for (const piece of splitMessage(text)) await telegram.sendMessage(chat, piece);
      }
    },
  };
}
