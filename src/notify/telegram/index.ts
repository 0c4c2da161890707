export { retryTransformer, TELEGRAM_RETRIES } from './api.js';
export { createTelegramBot, type TelegramBot, type TelegramBotOptions } from './bot.js';
export { formatNotification, type TelegramChannelOptions, telegramChannel } from './channel.js';
export type { ControlVerb, DeskTarget, TelegramDesk } from './desk.js';
export { helpText, TELEGRAM_COMMANDS } from './help.js';
export { splitMessage, TELEGRAM_MESSAGE_LIMIT } from './split.js';
