import type { Channel, Notification } from './channel.js';
import { notificationText } from './format.js';

/** Writes each notification as one line through `write` (the CLI passes stdout; library code never prints). */
export function consoleChannel(name: string, write: (line: string) => void): Channel {
  return {
    name,
    async send(batch: readonly Notification[]): Promise<void> {
      for (const notification of batch) write(`${notification.time.toISOString()} ${notificationText(notification)}`);
    },
  };
}
