import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally } from '../../src/testing/local-server.js';

/** A message a bot sent (sendMessage) or edited (editMessageText), as the fake recorded it. */
export interface SentMessage {
  readonly method: 'sendMessage' | 'editMessageText';
  readonly chatId: number;
  readonly text: string;
  readonly messageId: number;
  readonly replyMarkup?: { inline_keyboard: { text: string; callback_data?: string }[][] };
}

/** What the next sendMessage meets instead of success. */
export type SendFailure =
  /** 429 Too Many Requests with parameters.retry_after (seconds). */
  | { readonly kind: 'flood'; readonly retryAfter: number }
  /** The connection is reset after the request arrived, before any answer. */
  | { readonly kind: 'reset' };

export interface FakeTelegram {
  /** http://127.0.0.1:PORT: grammY's `apiRoot`. */
  readonly apiRoot: string;
  readonly sent: SentMessage[];
  /** Every API call by method name, in order (failed ones included). */
  readonly calls: { method: string; at: number }[];
  /** Queues a text message from a user in `chatId` (delivered through getUpdates). */
  message(chatId: number, text: string): void;
  /** Queues an inline button press on a message the bot sent. */
  press(chatId: number, messageId: number, data: string): void;
  /** The next sendMessage calls fail like this, one failure each. */
  failNextSends(...failures: SendFailure[]): void;
  /** Resolves when `count` messages in all have been sent or edited (counting from the start). */
  waitForSent(count: number): Promise<SentMessage[]>;
  /** Resolves when a sent or edited message to `chatId` matches (among those from index `after` on). */
  waitFor(chatId: number, match: RegExp, after?: number): Promise<SentMessage>;
  /** The callback queries answered (answerCallbackQuery's ids). */
  readonly answered: string[];
  close(): Promise<void>;
}

/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking the methods a fleet bot uses: getMe,
 * getUpdates (long polling: queued updates at once, else the request is held until one arrives or
 * its timeout passes), sendMessage (recorded; scripted 429s and connection resets),
 * answerCallbackQuery, editMessageText, deleteWebhook, setMyCommands.
 */
export async function startFakeTelegram(): Promise<FakeTelegram> {
  const updates: unknown[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  const waiting = new Set<() => void>();
  const sent: SentMessage[] = [];
  const calls: { method: string; at: number }[] = [];
  const answered: string[] = [];
  const failures: SendFailure[] = [];
  const watchers = new Set<() => void>();
  const user = (chatId: number) => ({ id: chatId, is_bot: false, first_name: `user${chatId}` });
  const chat = (chatId: number) => ({ id: chatId, type: 'private', first_name: `user${chatId}` });
  const push = (update: Record<string, unknown>) => {
    updates.push({ update_id: nextUpdateId++, ...update });
    for (const wake of waiting) wake();
  };
  const record = (message: SentMessage) => {
    sent.push(message);
    for (const watch of watchers) watch();
  };
  const waitUntil = <T>(test: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = test();
        if (found === undefined) return;
        watchers.delete(check);
        resolve(found);
      };
      watchers.add(check);
      check();
    });

  const handle = async (method: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> => {
    const ok = (result: unknown) => json(res, 200, { ok: true, result });
    switch (method) {
      case 'getMe':
        return ok({ id: 4242, is_bot: true, first_name: 'fleet', username: 'fleet_test_bot' });
      case 'deleteWebhook':
      case 'setMyCommands':
        return ok(true);
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        const pending = () => updates.filter((u) => (u as { update_id: number }).update_id >= offset);
        if (pending().length === 0 && Number(body.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              waiting.delete(wake);
              clearTimeout(timer);
              resolve();
            };
            const timer = setTimeout(wake, Number(body.timeout) * 1000);
            waiting.add(wake);
            res.on('close', wake);
          });
        }
        return ok(pending());
      }
      case 'sendMessage': {
        const failure = failures.shift();
        if (failure?.kind === 'reset') {
          res.socket?.destroy();
          return;
        }
        if (failure?.kind === 'flood')
          return json(res, 429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${failure.retryAfter}`,
            parameters: { retry_after: failure.retryAfter },
          });
        const text = String(body.text ?? '');
        if (text.length > 4096)
          return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
        const messageId = nextMessageId++;
        const chatId = Number(body.chat_id);
        record({
          method,
          chatId,
          text,
          messageId,
          ...(body.reply_markup ? { replyMarkup: body.reply_markup as SentMessage['replyMarkup'] } : {}),
        });
        return ok({ message_id: messageId, date: Math.floor(Date.now() / 1000), chat: chat(chatId), text });
      }
      case 'editMessageText': {
        const chatId = Number(body.chat_id);
        const text = String(body.text ?? '');
        record({ method, chatId, text, messageId: Number(body.message_id) });
        return ok({
          message_id: Number(body.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: chat(chatId),
          text,
        });
      }
      case 'answerCallbackQuery':
        answered.push(String(body.callback_query_id));
        return ok(true);
      default:
        return json(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      calls.push({ method, at: Date.now() });
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      void handle(method, body, res);
    });
  });
  const listening = await listenLocally(server);
  const port = listening.port;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    sent,
    calls,
    answered,
    message(chatId, text) {
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }]
        : undefined;
      push({
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chat(chatId),
          from: user(chatId),
          text,
          ...(entities ? { entities } : {}),
        },
      });
    },
    press(chatId, messageId, data) {
      const message = sent.find((m) => m.messageId === messageId);
      push({
        callback_query: {
          id: `cb${nextUpdateId}`,
          from: user(chatId),
          chat_instance: String(chatId),
          data,
          message: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat: chat(chatId),
            text: message?.text ?? '',
          },
        },
      });
    },
    failNextSends(...next) {
      failures.push(...next);
    },
    waitForSent: (count) => waitUntil(() => (sent.length >= count ? sent.slice(0, count) : undefined)),
    waitFor: (chatId, match, after = 0) =>
      waitUntil(() => sent.slice(after).find((m) => m.chatId === chatId && match.test(m.text))),
    async close() {
      for (const wake of waiting) wake();
      await listening.close();
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
