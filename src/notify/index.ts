export type { Channel, Notification } from './channel.js';
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
