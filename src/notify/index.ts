export type { Channel, Notification } from './channel.js';
export {
  CHANNEL_FACTORIES,
  type ChannelContext,
  type ChannelFactory,
  type ChannelSpec,
  channelNames,
  createChannels,
  DEFAULT_LEVELS,
} from './channels.js';
export { consoleChannel } from './console-channel.js';
export { notificationText } from './format.js';
export { groupRows, type NotificationGroup } from './group.js';
export { type DeliveryReport, Notifier, type NotifierOptions, type RoutedChannel } from './notifier.js';
export { type WebhookFormat, type WebhookOptions, webhookBody, webhookChannel } from './webhook-channel.js';
