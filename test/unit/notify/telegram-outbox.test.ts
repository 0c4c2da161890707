import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, Notifier } from '../../../src/notify/index.js';
import { enqueueEvents, recordEvent, type Store } from '../../../src/store/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { type FakeTelegram, startFakeTelegram } from '../../helpers/fake-telegram.js';

/** The notify config's telegram channel, built as fleet up builds it, delivering the outbox. */
describe('a telegram channel in the notify config', () => {
  let database: TestDatabase;
  let store: Store;
  let telegram: FakeTelegram;
  beforeAll(async () => {
    database = await createTestDatabase('embedded');
    store = await database.open();
    telegram = await startFakeTelegram();
  });
  afterAll(async () => {
    await telegram?.close();
    await database?.cleanup();
  });

  it('sends each outbox event once to every allow-listed chat, through a Telegram failure', async () => {
    const env = { TELEGRAM_BOT_TOKEN: '1:test', TELEGRAM_API_ROOT: telegram.apiRoot };
    const channels = createChannels([{ type: 'telegram', name: 'phone', chat_ids: [11, 22], levels: ['alert'] }], {
      env,
      write: () => {},
    });
    await enqueueEvents(store, 'phone');
    await recordEvent(store, { bot: 'ema-btc', level: 'alert', kind: 'halted', message: 'daily loss limit' });
    await recordEvent(store, { bot: 'ema-btc', level: 'info', kind: 'started', message: 'runner started' });
    // The first send is refused by Telegram's rate limit; the channel waits it out.
    telegram.failNextSends({ kind: 'flood', retryAfter: 1 });
    const notifier = new Notifier({ store, channels, retryMs: 0, groupWindowMs: 0 });
    await notifier.tick();
    await notifier.tick();
    expect(telegram.sent.map((m) => [m.chatId, m.text])).toEqual([
      [11, '⚠️ ema-btc: daily loss limit'],
      [22, '⚠️ ema-btc: daily loss limit'],
    ]);
  });
});
