import { FleetError, UsageError } from '../../core/index.js';
import { readProjectConfig } from '../../fleet/index.js';
import { type LockSession, lockSession } from '../../store/index.js';
import { stopOnSignals } from '../stop-signal.js';
import { stderr } from '../terminal.js';
import { dbWaitSeconds, withFleetStore } from './fleet-store.js';

/** The lock the one process answering a project's Telegram commands holds: Telegram refuses a second poller of one token. */
export const TELEGRAM_LOCK = 'telegram:commands';

export interface TelegramSettings {
  readonly token: string;
  readonly chatIds: number[];
  /** TELEGRAM_API_ROOT: another Bot API server (a local one, or a fake in tests). */
  readonly apiRoot?: string;
}

/**
 * The project's Telegram settings: TELEGRAM_BOT_TOKEN from the environment (or .env), the chats
 * from TELEGRAM_CHAT_IDS (comma-separated) or else fleet.config.json's telegram.chat_ids. Undefined
 * without a token; a UsageError for a chat id that is not a whole number or for no chat at all.
 */
export async function telegramSettings(projectDir: string): Promise<TelegramSettings | undefined> {
  const settings = await readSettings(projectDir);
  if (settings?.chatIds.length === 0)
    throw new UsageError(
      'no Telegram chat is allow-listed: set telegram.chat_ids in fleet.config.json or TELEGRAM_CHAT_IDS',
    );
  return settings;
}

/**
 * The settings the command bot beside the fleet runs on (fleet up, fleet notify run): undefined
 * without a token or without allow-listed chats (a token may serve a notify channel alone); a
 * UsageError for a chat id that is not a whole number.
 */
export async function commandBotSettings(projectDir: string): Promise<TelegramSettings | undefined> {
  const settings = await readSettings(projectDir);
  return settings?.chatIds.length ? settings : undefined;
}

async function readSettings(projectDir: string): Promise<TelegramSettings | undefined> {
  const token = process.env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) return undefined;
  const fromEnv = process.env.TELEGRAM_CHAT_IDS?.trim();
  const chatIds = fromEnv
    ? fromEnv.split(',').map((word) => {
        const id = Number(word.trim());
        if (!Number.isSafeInteger(id)) throw new UsageError(`TELEGRAM_CHAT_IDS: '${word.trim()}' is not a chat id`);
        return id;
      })
    : ((await readProjectConfig(projectDir)).telegram?.chat_ids ?? []);
  const apiRoot = process.env.TELEGRAM_API_ROOT?.trim() || undefined;
  return { token, chatIds, ...(apiRoot ? { apiRoot } : {}) };
}

/** `fleet telegram`: answers the project's Telegram commands (long polling) until Ctrl-C. */
export async function telegramCommand(flags: { dbWait?: string }): Promise<void> {
  const projectDir = process.cwd();
  const settings = await telegramSettings(projectDir);
  if (settings === undefined)
    throw new UsageError('fleet telegram needs TELEGRAM_BOT_TOKEN (from @BotFather) in the environment or .env');
  const [{ createTelegramBot }, { fleetDesk }] = await Promise.all([
    import('../../notify/index.js'),
    import('./telegram-desk.js'),
  ]);
  const dbWait = dbWaitSeconds(flags.dbWait);
  await withFleetStore(
    async (store) => {
      const stop = stopOnSignals('stopping the Telegram bot…');
      let lock: LockSession | undefined;
      try {
        lock = lockSession(store);
        if (!(await lock.tryHold(TELEGRAM_LOCK))) {
          throw new FleetError(
            "another process (fleet up or fleet notify run) already answers this project's Telegram commands",
          );
        }
        const bot = await createTelegramBot({
          ...settings,
          store,
          desk: fleetDesk({ store, projectDir }),
          onError: (error) => stderr.warn(`telegram: ${error instanceof Error ? error.message : String(error)}`),
        });
        // A Ctrl-C while the bot was being built has fired already: stop it at once then.
        if (stop.signal.aborted) void bot.stop();
        else stop.signal.addEventListener('abort', () => void bot.stop(), { once: true });
        const polling = bot.start();
        stderr.info(`answering Telegram commands in ${settings.chatIds.length} chat(s); Ctrl-C stops`);
        await polling;
        await bot.idle();
      } finally {
        stop.dispose();
        await lock?.close();
      }
    },
    { dbWait },
  );
}
