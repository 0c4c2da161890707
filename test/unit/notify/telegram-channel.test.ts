import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/notify/channel.js';
import { telegramChannel } from '../../../src/notify/telegram/channel.js';
import { splitMessage } from '../../../src/notify/telegram/split.js';
import { type FakeTelegram, startFakeTelegram } from '../../helpers/fake-telegram.js';

const note = (key: string, message: string, bot: string | null = 'ema-btc'): Notification => ({
  key,
  level: 'alert',
  kind: 'halted',
  bot,
  message,
  time: new Date('2026-12-05T12:00:00Z'),
});

describe('splitMessage', () => {
  it('keeps whole lines together up to the limit', () => {
    expect(splitMessage('aaa\nbbb\nccc', 7)).toEqual(['aaa\nbbb', 'ccc']);
  });
  it('cuts a line longer than the limit', () => {
    expect(splitMessage('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
  it('leaves a short text alone', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
  });
});

describe('telegramChannel against a fake Bot API', () => {
  let telegram: FakeTelegram;
  beforeEach(async () => {
    telegram = await startFakeTelegram();
  });
  afterEach(async () => {
    await telegram.close();
  });

  it('sends a batch to every allow-listed chat', async () => {
    const channel = telegramChannel({ token: '1:test', chatIds: [11, 22], apiRoot: telegram.apiRoot });
    await channel.send([note('a', 'halted: daily loss limit'), note('b', 'pipeline 1 done', null)]);
    expect(telegram.sent.map((m) => [m.chatId, m.text])).toEqual([
      [11, '⚠️ ema-btc: halted: daily loss limit\n⚠️ pipeline 1 done'],
      [22, '⚠️ ema-btc: halted: daily loss limit\n⚠️ pipeline 1 done'],
    ]);
  });

  it('splits a batch over 4096 characters into pieces at line breaks', async () => {
    const channel = telegramChannel({ token: '1:test', chatIds: [11], apiRoot: telegram.apiRoot });
    const batch = Array.from({ length: 100 }, (_, i) =>
      note(`k${i}`, `${String(i).padStart(3, '0')} ${'x'.repeat(80)}`),
    );
    await channel.send(batch);
    expect(telegram.sent.length).toBeGreaterThan(1);
    for (const message of telegram.sent) expect(message.text.length).toBeLessThanOrEqual(4096);
    const lines = telegram.sent.flatMap((m) => m.text.split('\n'));
    expect(lines).toHaveLength(100);
    expect(lines[99]).toContain('099 ');
  });

  it('waits out a 429 for its retry_after and then delivers', async () => {
    const channel = telegramChannel({ token: '1:test', chatIds: [11], apiRoot: telegram.apiRoot });
    telegram.failNextSends({ kind: 'flood', retryAfter: 1 });
    await channel.send([note('a', 'one')]);
    const sends = telegram.calls.filter((c) => c.method === 'sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1].at - sends[0].at).toBeGreaterThanOrEqual(990);
    expect(telegram.sent.map((m) => m.text)).toEqual(['⚠️ ema-btc: one']);
  });

  it('recovers from a connection reset mid-send', async () => {
    const channel = telegramChannel({ token: '1:test', chatIds: [11], apiRoot: telegram.apiRoot });
    telegram.failNextSends({ kind: 'reset' });
    await channel.send([note('a', 'after the reset')]);
    expect(telegram.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(2);
    expect(telegram.sent.map((m) => m.text)).toEqual(['⚠️ ema-btc: after the reset']);
  });

  it('throws when every try fails, so the outbox retries the batch', async () => {
    const channel = telegramChannel({ token: '1:test', chatIds: [11], apiRoot: telegram.apiRoot });
    telegram.failNextSends({ kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' });
    await expect(channel.send([note('a', 'lost')])).rejects.toThrow();
    expect(telegram.sent).toHaveLength(0);
    await channel.send([note('a', 'again')]);
    expect(telegram.sent.map((m) => m.text)).toEqual(['⚠️ ema-btc: again']);
  });
});
