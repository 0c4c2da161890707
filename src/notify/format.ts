import type { Notification } from './channel.js';

/** One notification as one line of text: `[level] bot kind: message` (bot omitted when fleet-wide). */
export function notificationText(notification: Notification): string {
  const who = notification.bot === null ? '' : `${notification.bot} `;
  return `[${notification.level}] ${who}${notification.kind}: ${notification.message}`;
}
