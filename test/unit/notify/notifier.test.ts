import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Channel,
  consoleChannel,
  createChannels,
  Notifier,
  type NotifierOptions,
  webhookBody,
  webhookChannel,
} from '../../../src/notify/index.js';
import { enqueueEvents, outboxStatus, recordEvent, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { type FakeWebhook, startFakeWebhook } from '../../helpers/fake-webhook.js';

describe.each(BACKENDS)('notifier on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let hook: FakeWebhook;
  let channel = 0;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());
  beforeEach(async () => {
    hook = await startFakeWebhook();
  });
  afterEach(() => hook.close());

  /** A webhook channel with a fresh name (so each test has its own outbox) and its notifier options. */
  async function webhook(options: Partial<NotifierOptions> = {}, timeoutMs = 5000) {
    channel += 1;
    const routed = {
      channel: webhookChannel({ name: `hook-${channel}`, url: hook.url, format: 'json', timeoutMs }),
      filter: {},
    };
    await enqueueEvents(store, routed.channel.name);
    const notifierOptions: NotifierOptions = { store, channels: [routed], retryMs: 0, groupWindowMs: 0, ...options };
    return { routed, notifierOptions };
  }

  const event = (kind: string, message = kind) => recordEvent(store, { bot: 'b', level: 'warn', kind, message });

  it('delivers each event once per channel, however many notifiers pass at once', async () => {
    const { notifierOptions } = await webhook();
    const ids = [await event('placed'), await event('filled'), await event('halted')];
    const [a, b] = [new Notifier(notifierOptions), new Notifier(notifierOptions)];
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    const name = notifierOptions.channels[0]?.channel.name;
    expect(hook.received.map((d) => d.key)).toEqual(ids.map((id) => `${name}:${id}`));
    expect(hook.received.map((d) => d.body.kind)).toEqual(['placed', 'filled', 'halted']);
  });

  it('two notifiers on their own connections: one works the channel, each event goes once, the other takes over when it stops', async () => {
    const other = await database.open();
    const { notifierOptions } = await webhook({ pollMs: 10, groupWindowMs: 0, maxPerMinute: 1000 });
    const [stopA, stopB] = [new AbortController(), new AbortController()];
    const a = new Notifier(notifierOptions);
    const b = new Notifier({ ...notifierOptions, store: other });
    const runs = [a.run(stopA.signal), b.run(stopB.signal)];
    const ids: number[] = [];
    for (let i = 0; i < 30; i += 1) ids.push(await event(`k${i % 3}`, `event ${i}`));
    await hook.waitFor(30);
    // Whichever leads, the one that stands by: stopping the leader hands the channel over.
    stopA.abort();
    await runs[0];
    for (let i = 30; i < 40; i += 1) ids.push(await event(`k${i % 3}`, `event ${i}`));
    await hook.waitFor(40);
    stopB.abort();
    await runs[1];
    const name = notifierOptions.channels[0]?.channel.name;
    expect(hook.received.map((d) => d.key).sort()).toEqual(ids.map((id) => `${name}:${id}`).sort());
  });

  it('retries a receiver that fails (500, refused, timeout) until it recovers, then delivers once', async () => {
    const { notifierOptions } = await webhook({}, 300);
    const notifier = new Notifier(notifierOptions);
    await event('rejected', 'no funds');
    hook.script({ kind: 'status', status: 500 }, { kind: 'hang' });
    const first = await notifier.tick();
    expect(first[0]).toMatchObject({
      queued: 1,
      delivered: 0,
      failed: 1,
      errors: [expect.stringContaining('HTTP 500')],
    });
    const second = await notifier.tick();
    expect(second[0]?.errors).toEqual([expect.stringContaining('timed out after 300 ms')]);
    await hook.stop();
    const third = await notifier.tick();
    expect(third[0]?.errors).toEqual([expect.stringContaining('ECONNREFUSED')]);
    await hook.listen();
    expect((await notifier.tick())[0]).toMatchObject({ delivered: 1, failed: 0 });
    expect((await notifier.tick())[0]).toMatchObject({ delivered: 0, failed: 0 });
    expect(hook.received.map((d) => d.body.message)).toEqual(['no funds']);
    const status = (await outboxStatus(store)).find((s) => s.channel === notifierOptions.channels[0]?.channel.name);
    expect(status).toEqual({ channel: status?.channel, pending: 0, sent: 1, failures: [] });
  });

  it('a notifier stuck between send and record holds its channel; once it is gone the next sends once more with the same key', async () => {
    const { routed, notifierOptions } = await webhook();
    // The first notifier's channel delivers and then never returns: like a process killed right after the send.
    const stuck: Channel = {
      name: routed.channel.name,
      send: async (batch) => {
        await routed.channel.send(batch);
        await new Promise(() => {});
      },
    };
    const id = await event('filled');
    const first = new Notifier({ ...notifierOptions, channels: [{ channel: stuck, filter: {} }] });
    void first.tick();
    await hook.waitFor(1);
    const second = await event('placed');
    const standby = new Notifier(notifierOptions);
    // While the first lives it holds the channel: the other stands by, sending nothing.
    expect((await standby.tick())[0]).toMatchObject({ standby: true, messages: 0 });
    // Gone (its lock freed, as a killed process's session or pid frees it): the claim it left is
    // taken back at once, not after its 60 s expiry.
    await first.close();
    expect((await standby.tick())[0]).toMatchObject({ standby: false, delivered: 2 });
    const name = routed.channel.name;
    expect(hook.received.map((d) => d.key)).toEqual([`${name}:${id}`, `${name}:${id}`, `${name}:${second}`]);
    expect(hook.unique().map((d) => d.key)).toEqual([`${name}:${id}`, `${name}:${second}`]);
  });

  it('groups a storm of 200 rejections into one message with the count', async () => {
    const { notifierOptions } = await webhook({ groupWindowMs: 60_000 });
    for (let i = 0; i < 200; i += 1) await event('rejected', `order ${i} over max_order_value`);
    await event('halted', 'daily loss');
    const [report] = await new Notifier(notifierOptions).tick();
    expect(report).toMatchObject({ queued: 201, messages: 2, delivered: 201 });
    expect(hook.received.map((d) => d.body.message)).toEqual([
      '200 × rejected: order 0 over max_order_value',
      'daily loss',
    ]);
    expect(hook.received[0]?.body.data).toMatchObject({ count: 200 });
    const name = notifierOptions.channels[0]?.channel.name;
    const keys = (hook.received[0]?.body.data as { keys?: string[] } | undefined)?.keys ?? [];
    expect(keys).toHaveLength(200);
    expect(hook.received[0]?.key).toBe(`${keys[0]}..${keys[199]?.slice(`${name}:`.length)}`);
  });

  it('keeps to the rate limit: the rest wait for the next minute', async () => {
    const { notifierOptions } = await webhook({ maxPerMinute: 2 });
    for (const kind of ['a', 'b', 'c']) await event(kind);
    const notifier = new Notifier(notifierOptions);
    const now = Date.now();
    expect((await notifier.tick(now))[0]).toMatchObject({ messages: 2 });
    expect((await notifier.tick(now + 1000))[0]).toMatchObject({ messages: 0 });
    expect((await notifier.tick(now + 61_000))[0]).toMatchObject({ messages: 1 });
    expect(hook.received.map((d) => d.body.kind)).toEqual(['a', 'b', 'c']);
  });

  it('filters by level and kind per channel (default warn and up) and writes the console through its writer', async () => {
    const lines: string[] = [];
    const channels = createChannels(
      [
        { type: 'console', name: 'all-warn' },
        { type: 'console', name: 'fills', levels: ['info'], kinds: ['filled'] },
      ],
      { env: {}, write: (line) => lines.push(line) },
    );
    for (const routed of channels) await enqueueEvents(store, routed.channel.name, routed.filter);
    await recordEvent(store, { bot: 'b', level: 'info', kind: 'filled', message: 'bought 1' });
    await recordEvent(store, { bot: 'b', level: 'info', kind: 'placed', message: 'placed 1' });
    await recordEvent(store, { bot: null, level: 'alert', kind: 'halted', message: 'loss' });
    await new Notifier({ store, channels }).tick();
    expect(lines.map((line) => line.slice(25))).toEqual(['[alert] halted: loss', '[info] b filled: bought 1']);
  });

  it('names a channel type this build lacks in one line, a telegram channel without its token, and a webhook whose url_env is unset', () => {
    const context = { env: {}, write: () => {} };
    expect(() => createChannels([{ type: 'pager' }], context)).toThrow(
      'notify channel pager: the pager channel is not available in this build',
    );
    expect(() => createChannels([{ type: 'telegram', chat_ids: [1] }], context)).toThrow(
      'notify channel telegram: set TELEGRAM_BOT_TOKEN (the environment or .env)',
    );
    expect(() => createChannels([{ type: 'webhook', url_env: 'HOOK_URL' }], context)).toThrow(
      'notify channel webhook: environment variable HOOK_URL is not set',
    );
    expect(consoleChannel('c', () => {}).name).toBe('c');
  });

  it('shapes webhook bodies for json, Slack and Discord', () => {
    const notification = {
      key: 'k:1',
      level: 'alert',
      kind: 'halted',
      bot: 'btc',
      message: 'loss',
      time: new Date(0),
    } as const;
    expect(webhookBody('slack', notification)).toEqual({ text: '[alert] btc halted: loss' });
    expect(webhookBody('discord', notification)).toEqual({ content: '[alert] btc halted: loss' });
    expect(webhookBody('json', notification)).toEqual({ ...notification, time: '1970-01-01T00:00:00.000Z' });
  });
});
