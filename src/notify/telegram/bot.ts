import type { Bot, Context } from 'grammy';
import { recordEvent, type Store } from '../../store/index.js';
import { withRetries } from './api.js';
import type { ControlVerb, DeskTarget, TelegramDesk } from './desk.js';
import { helpText, TELEGRAM_COMMANDS } from './help.js';
import { commandArgs, controlTarget, pipelineArgs, pnlArgs } from './parse.js';
import { splitMessage } from './split.js';

export interface TelegramBotOptions {
  readonly token: string;
  /** The only chats the bot answers; any other is ignored and logged (event `telegram_ignored`). */
  readonly chatIds: readonly number[];
  /** The Bot API's address; default https://api.telegram.org (a fake one in tests). */
  readonly apiRoot?: string;
  /** Where `telegram_ignored` events are recorded. */
  readonly store: Store;
  /** The fleet operations the commands call. */
  readonly desk: TelegramDesk;
  /** Long polling's hold, in seconds (default 30). */
  readonly pollTimeout?: number;
  /** Errors the bot could not answer in a chat (a reply that failed every retry). */
  readonly onError?: (error: unknown) => void;
}

export interface TelegramBot {
  /** grammY's bot, for wiring beside other work. */
  readonly bot: Bot;
  /** Long-polls until stop(); resolves then. `onStart` is told once polling has begun. */
  start(onStart?: () => void): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every /pipeline started so far has ended and its last message is sent. */
  idle(): Promise<void>;
}

/** The callback data of the confirmation buttons: `confirm:kill`, `confirm:resume`, `cancel`. */
const CONFIRM = /^confirm:(kill|resume)$/;

/**
 * The command bot: /fleet /status /pnl /pause /resume /kill /halted /pipeline /help, answered only in
 * allow-listed chats. `/kill all` and `/resume all` act only after the inline button is pressed.
 * Control actions are audited with actor `telegram:<chat id>`. grammY is loaded here, on demand.
 */
export async function createTelegramBot(options: TelegramBotOptions): Promise<TelegramBot> {
  const { Bot, InlineKeyboard } = await import('grammy');
  const bot = new Bot(options.token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : undefined);
  withRetries(bot.api);
  const allowed = new Set(options.chatIds);
  const running = new Set<Promise<unknown>>();
  const desk = options.desk;

  const say = async (chatId: number, text: string) => {
    for (const piece of splitMessage(text)) await bot.api.sendMessage(chatId, piece);
  };
  const answer = async (ctx: Context, work: () => Promise<string>) => {
    let text: string;
    try {
      text = await work();
    } catch (error) {
      text = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    await say(ctx.chat?.id as number, text);
  };
  const actor = (ctx: Context) => `telegram:${ctx.chat?.id}`;
  const args = (ctx: Context) => commandArgs(ctx.message?.text ?? '');

  bot.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId !== undefined && allowed.has(chatId)) return next();
    await recordEvent(options.store, {
      bot: null,
      level: 'warn',
      kind: 'telegram_ignored',
      message: `telegram: ignored an update from chat ${chatId ?? 'unknown'} (not in telegram.chat_ids)`,
      data: { chatId: chatId ?? null, from: ctx.from?.id ?? null, text: ctx.message?.text ?? null },
    });
  });

  bot.command(['help', 'start'], (ctx) => say(ctx.chat.id, helpText()));
  bot.command('fleet', (ctx) => answer(ctx, () => desk.fleet()));
  bot.command('halted', (ctx) => answer(ctx, () => desk.halted()));
  bot.command('status', (ctx) =>
    answer(ctx, async () => {
      const [name] = args(ctx);
      return name === undefined ? 'usage: /status BOT' : desk.status(name);
    }),
  );
  bot.command('pnl', (ctx) =>
    answer(ctx, () => {
      const { bot: name, period } = pnlArgs(args(ctx));
      return desk.pnl(name, period);
    }),
  );
  const control = (verb: ControlVerb) => async (ctx: Context) => {
    const target = controlTarget(args(ctx));
    if (target === undefined) return say(ctx.chat?.id as number, `usage: /${verb} BOT|all`);
    if (target.all && verb !== 'pause') {
      const question =
        verb === 'kill'
          ? 'Set the GLOBAL kill switch? No bot places another order until /resume all.'
          : 'Resume every bot and clear the global kill switch?';
      const keyboard = new InlineKeyboard().text(`Yes, ${verb} all`, `confirm:${verb}`).text('Cancel', 'cancel');
      await bot.api.sendMessage(ctx.chat?.id as number, question, { reply_markup: keyboard });
      return;
    }
    await answer(ctx, () => desk.control(verb, target, actor(ctx)));
  };
  bot.command('pause', control('pause'));
  bot.command('resume', control('resume'));
  bot.command('kill', control('kill'));

  bot.callbackQuery(CONFIRM, async (ctx) => {
    await ctx.answerCallbackQuery();
    const verb = (CONFIRM.exec(ctx.callbackQuery.data) as RegExpExecArray)[1] as ControlVerb;
    const all: DeskTarget = { all: true };
    let text: string;
    try {
      text = await desk.control(verb, all, actor(ctx));
    } catch (error) {
      text = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    await ctx.editMessageText(text);
  });
  bot.callbackQuery('cancel', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText('cancelled: nothing changed');
  });

  bot.command('pipeline', (ctx) =>
    answer(ctx, async () => {
      const { idea, timeframe } = pipelineArgs(args(ctx));
      if (idea === '') return 'usage: /pipeline "idea" [timeframe]';
      const chatId = ctx.chat.id;
      // Stage notices go out in order, each after the one before.
      let queue: Promise<void> = Promise.resolve();
      const post = (text: string) => {
        queue = queue.then(() => say(chatId, text)).catch((error) => options.onError?.(error));
      };
      const { started, finished } = await desk.pipeline(idea, timeframe, post);
      const done = finished
        .then(post, (error: unknown) => post(`pipeline failed: ${error instanceof Error ? error.message : error}`))
        .then(() => queue);
      running.add(done);
      void done.finally(() => running.delete(done));
      return started;
    }),
  );

  bot.on('message', (ctx) => say(ctx.chat.id, 'unknown command: /help lists them'));
  bot.catch((error) => options.onError?.(error.error));

  // grammY's stop() does nothing before bot.start() begins: one asked for while the commands are
  // being set would be lost, and the bot would then poll for ever (a notifier that never exits).
  let stopped = false;
  return {
    bot,
    async start(onStart) {
      await bot.api.setMyCommands(TELEGRAM_COMMANDS.map(({ command, description }) => ({ command, description })));
      if (stopped) return;
      try {
        await bot.start({
          timeout: options.pollTimeout ?? 30,
          drop_pending_updates: false,
          ...(onStart ? { onStart: () => onStart() } : {}),
        });
      } catch (error) {
        // A stop during grammY's own set-up (its webhook check) aborts that with an error: it is
        // the stop, not a failure.
        if (!stopped) throw error;
      }
    },
    async stop() {
      stopped = true;
      await bot.stop();
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
