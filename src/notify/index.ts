export type { Channel, Notification } from './channel.js';
export {
  CHANNEL_FACTORIES,
  type ChannelContext,
  type ChannelFactory,
  type ChannelSpec,
  channelFilter,
  channelNames,
  createChannels,
  DEFAULT_KINDS,
  DEFAULT_LEVELS,
} from './channels.js';
export { consoleChannel } from './console-channel.js';
export { notificationText } from './format.js';
export { groupRows, type NotificationGroup } from './group.js';
export { type DeliveryReport, Notifier, type NotifierOptions, type RoutedChannel } from './notifier.js';
export {
  type ControlVerb,
  createTelegramBot,
  type DeskTarget,
  formatNotification,
  helpText,
  retryTransformer,
  splitMessage,
  TELEGRAM_COMMANDS,
  TELEGRAM_MESSAGE_LIMIT,
  TELEGRAM_RETRIES,
  type TelegramBot,
  type TelegramBotOptions,
  type TelegramChannelOptions,
  type TelegramDesk,
  telegramChannel,
} from './telegram/index.js';
export { type WebhookFormat, type WebhookOptions, webhookBody, webhookChannel } from './webhook-channel.js';
