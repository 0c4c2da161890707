import { sleep } from '../../core/index.js';
import { type NotifyConfig, readProjectConfig, runDailyPnl } from '../../fleet/index.js';
import { createChannels, Notifier, type RoutedChannel } from '../../notify/index.js';
import { enqueueEvents, lockSession, type Store } from '../../store/index.js';
import { stderr, stdout } from '../terminal.js';
import { commandBotSettings, TELEGRAM_LOCK, type TelegramSettings } from './telegram.js';

/** How long a Telegram bot that failed (network, a bad token) waits before it tries again. */
const TELEGRAM_RETRY_MS = 10_000;

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The configured channels, built; the console channel writes to stdout. */
export function channelsOf(config: NotifyConfig): RoutedChannel[] {
  return createChannels(config.channels, { env: process.env, write: (line) => stdout.line(line) });
}

/**
 * What runs beside the runners (`fleet up`) or on its own (`fleet notify run`) until `signal`
 * aborts: the notifier over the configured channels (one last pass at the end, so the fleet's
 * stopping is told), the daily P&L summary, and the Telegram command bot when a token and
 * allow-listed chats are configured. A channel that cannot be built, or chat ids that are not
 * ids, throw here, before anything runs; once running, nothing here fails the caller: a Telegram
 * that cannot be reached is retried, the runners go on.
 */
export async function startNotifyService(
  store: Store,
  signal: AbortSignal,
  projectDir: string,
): Promise<{ done: Promise<void> }> {
  const config = (await readProjectConfig(projectDir)).notify;
  const channels = channelsOf(config);
  const telegram = await commandBotSettings(projectDir);
  // Each channel's cursor is set before any runner starts, so none of their events is skipped.
  for (const routed of channels) await enqueueEvents(store, routed.channel.name, routed.filter);
  const work: Promise<void>[] = [
    runDailyPnl(store, signal, { onError: (error) => stderr.warn(`daily summary: ${text(error)} (will retry)`) }),
  ];
  if (channels.length > 0) {
    stderr.info(`notifying ${channels.map((routed) => routed.channel.name).join(', ')}`);
    work.push(runNotifier(store, channels, config, signal));
  }
  if (telegram !== undefined) work.push(keepTelegramBot(store, telegram, projectDir, signal));
  return { done: Promise.all(work).then(() => undefined) };
}

async function runNotifier(
  store: Store,
  channels: RoutedChannel[],
  config: NotifyConfig,
  signal: AbortSignal,
): Promise<void> {
  const notifier = new Notifier({
    store,
    channels,
    groupWindowMs: config.group_window_seconds * 1000,
    maxPerMinute: config.max_per_minute,
    onDelivery: (report) => {
      for (const error of report.errors) stderr.warn(`notify ${report.channel}: ${error} (will retry)`);
    },
    onError: (error) => stderr.warn(`notify: ${text(error)} (will retry)`),
  });
  await notifier.run(signal);
  try {
    await notifier.tick();
  } catch {
    // The database went with the fleet: what is queued goes on the next start.
  }
}

/**
 * Answers Telegram commands while this process holds the bot's lock (another notifier service
 * may: then this one stands by and takes over when it goes). A bot that fails is started again
 * after TELEGRAM_RETRY_MS; a /pipeline run in progress is finished before it stops.
 */
async function keepTelegramBot(
  store: Store,
  settings: TelegramSettings,
  projectDir: string,
  signal: AbortSignal,
): Promise<void> {
  const [{ createTelegramBot }, { fleetDesk }] = await Promise.all([
    import('../../notify/index.js'),
    import('./telegram-desk.js'),
  ]);
  let waiting = false;
  while (!signal.aborted) {
    const lock = lockSession(store);
    if (!(await lock.tryHold(TELEGRAM_LOCK).catch(() => false))) {
      await lock.close();
      if (!waiting) stderr.info('telegram: another process answers the commands; standing by');
      waiting = true;
      await sleep(TELEGRAM_RETRY_MS / 2, signal);
      continue;
    }
    waiting = false;
    try {
      const bot = await createTelegramBot({
        ...settings,
        store,
        desk: fleetDesk({ store, projectDir }),
        onError: (error) => stderr.warn(`telegram: ${text(error)}`),
      });
      const stop = () => void bot.stop();
      signal.addEventListener('abort', stop, { once: true });
      try {
        if (!signal.aborted) {
          await bot.start(() => stderr.info(`telegram: answering commands in ${settings.chatIds.length} chat(s)`));
        }
      } finally {
        signal.removeEventListener('abort', stop);
        await bot.idle();
      }
    } catch (error) {
      stderr.warn(`telegram: ${text(error)}; trying again in ${TELEGRAM_RETRY_MS / 1000} s (the fleet goes on)`);
    } finally {
      await lock.close().catch(() => {});
    }
    if (!signal.aborted) await sleep(TELEGRAM_RETRY_MS, signal);
  }
}
