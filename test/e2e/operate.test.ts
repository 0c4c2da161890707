import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelFilter } from '../../src/notify/index.js';
import { eventsOf, openStore, passesFilter, type Store } from '../../src/store/index.js';
import { fleet, type RunningFleet, spawnFleet } from '../helpers/cli.js';
import { type FakeTelegram, startFakeTelegram } from '../helpers/fake-telegram.js';
import { type FakeWebhook, startFakeWebhook } from '../helpers/fake-webhook.js';
import { readyProject, sandboxBot } from '../helpers/fleet-project.js';
import { until } from '../helpers/until.js';

const CHAT = 100;
const STRANGER = 999;
const BOT = { timeframe: '1m', params: { fast: 5, slow: 20 } };

/** The project's embedded database, opened while no fleet process runs. */
async function withStore<T>(dir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ url: undefined, dir: join(dir, '.fleet') });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The event ids a webhook delivery stands for: its own, or a group's (data.keys). */
function eventIds(delivery: FakeWebhook['received'][number]): number[] {
  const keys = delivery.key.includes('..') ? ((delivery.body.data as { keys: string[] }).keys ?? []) : [delivery.key];
  return keys.map((key) => Number(key.split(':')[1]));
}

describe('operate: a paper fleet under fleet up, notified and steered from Telegram', { timeout: 300_000 }, () => {
  let hook: FakeWebhook;
  let telegram: FakeTelegram;
  const processes: RunningFleet[] = [];
  beforeAll(async () => {
    [hook, telegram] = await Promise.all([startFakeWebhook(), startFakeTelegram()]);
  });
  afterAll(async () => {
    for (const running of processes) running.child.kill('SIGKILL');
    await Promise.all([hook?.close(), telegram?.close()]);
  });

  it('delivers each event once across a killed notifier, answers every command in the allowed chat only, runs /pipeline', async () => {
    const dir = await readyProject({
      bots: [sandboxBot('alpha', BOT), sandboxBot('beta', BOT)],
      sandbox: { speed: 600 },
      data: { bars: 1000 },
      research: { top: 1, minTrades: 1 },
      notify: {
        channels: [
          { type: 'webhook', url: hook.url },
          { type: 'telegram', chat_ids: [CHAT] },
        ],
        group_window_seconds: 0,
        max_per_minute: 1000,
      },
      telegram: { chat_ids: [CHAT] },
    });
    const env = {
      ...process.env,
      CI: 'true',
      NO_COLOR: '1',
      TELEGRAM_BOT_TOKEN: '1:test',
      TELEGRAM_API_ROOT: telegram.apiRoot,
    };
    const start = (args: string[]) => {
      const running = spawnFleet(args, { cwd: dir, env });
      processes.push(running);
      return running;
    };
    const saying = (running: RunningFleet, text: string) =>
      until(`"${text}" from fleet ${running.child.spawnargs.slice(2).join(' ')}`, async () =>
        running.stderr().includes(text) ? true : undefined,
      );

    // The notifier service is set up before the fleet, as a deployment starts it: each channel's
    // cursor sits at the end of the log, so every event the fleet records from now on is for it.
    const setup = start(['notify', 'run']);
    await saying(setup, 'delivering until SIGINT or SIGTERM');
    setup.child.kill('SIGTERM');
    expect((await setup.exited).code).toBe(0);
    const from = await withStore(dir, async (store) => {
      const cursors = await store.db.selectFrom('notify_cursors').select(['channel', 'event_id']).execute();
      expect(cursors.map((c) => c.channel).sort()).toEqual(['telegram', 'webhook']);
      return Math.min(...cursors.map((c) => Number(c.event_id)));
    });

    // The runners, without a notifier; then a notifier killed while its first delivery hangs.
    hook.script({ kind: 'accept-and-hang' });
    const up = start(['up', '--no-notify']);
    const killed = start(['notify', 'run']);
    await hook.waitFor(1);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const notifier = start(['notify', 'run']);
    await saying(notifier, 'telegram: answering commands');

    // Every command, from the allow-listed chat; the same from another chat gets no answer.
    const ask = async (text: string, answer: RegExp) => {
      const after = telegram.sent.length;
      telegram.message(CHAT, text);
      return (await telegram.waitFor(CHAT, answer, after)).text;
    };
    telegram.message(STRANGER, '/fleet');
    expect(await ask('/help', /^fleet commands:/)).toContain('/pipeline "idea"');
    expect(await ask('/fleet', /^alpha \(paper, SBX-TREND\)/m)).toMatch(/^beta \(paper, SBX-TREND\)/m);
    expect(await ask('/status alpha', /^alpha: \w+ \(paper, sandbox SBX-TREND\)/)).toContain('flags: none');
    expect(await ask('/pnl', /^P&L since the start/)).toMatch(/^TOTAL: realised/m);
    expect(await ask('/pause alpha', /alpha: paused/)).toBe('alpha: paused');
    expect(await ask('/resume alpha', /alpha: resumed/)).toBe('alpha: resumed');
    expect(await ask('/kill beta', /beta: kill switch set/)).toBe('beta: kill switch set');
    expect(await ask('/halted', /beta \(paper/)).toContain('KILLED');
    expect(await ask('/resume beta', /beta: resumed/)).toBe('beta: resumed');
    expect(await ask('/halted', /no bot is halted or killed/)).toBe('no bot is halted or killed');
    for (const verb of ['kill', 'resume']) {
      const before = telegram.sent.length;
      telegram.message(CHAT, `/${verb} all`);
      const question = await telegram.waitFor(CHAT, /global kill switch\?/i, before);
      expect(question.replyMarkup?.inline_keyboard[0]?.map((button) => button.callback_data)).toEqual([
        `confirm:${verb}`,
        'cancel',
      ]);
      const after = telegram.sent.length;
      telegram.press(CHAT, question.messageId, `confirm:${verb}`);
      const done = await telegram.waitFor(CHAT, /global kill switch (set|cleared)/, after);
      expect(done.text).toContain(verb === 'kill' ? 'global kill switch set' : 'global kill switch cleared');
    }

    // /pipeline: registered paper bots at the end, its stages told on the way.
    const finished = await ask('/pipeline "fast ema crosses slow ema"', /^pipeline \d+: (done|failed)/);
    expect(finished).toMatch(/^pipeline \d+: done; paper bots registered: \S+ \(/);
    expect(telegram.sent.filter((m) => m.chatId === STRANGER)).toEqual([]);

    // The fleet stops, then the notifier, whose last pass tells the stopping.
    const down = await fleet(['down'], { cwd: dir });
    expect(down.exitCode, down.stderr).toBe(0);
    expect((await up.exited).code).toBe(0);
    notifier.child.kill('SIGTERM');
    const last = await notifier.exited;
    expect(last.code, last.stderr).toBe(0);

    await withStore(dir, async (store) => {
      const ignored = await eventsOf(store, { kinds: ['telegram_ignored'] });
      expect(ignored.map((e) => (e.data as { chatId: number }).chatId)).toEqual([STRANGER]);
      // Exactly once: every event the webhook's default filter takes, under one key each. Repeats
      // carry a key already delivered (a receiver that dedups by key drops them): the delivery the
      // killed notifier never recorded, and any whose record a database hiccup lost.
      const wanted = (await eventsOf(store, { afterId: from })).filter((e) => passesFilter(channelFilter({}), e));
      const covered = hook.unique().flatMap(eventIds);
      expect(covered.sort((a, b) => a - b)).toEqual(wanted.map((e) => e.id));
      expect(hook.received.filter((d) => d.key === hook.received[0]?.key).length).toBeGreaterThanOrEqual(2);
      const kinds = new Set(wanted.map((e) => e.kind));
      for (const kind of ['started', 'stopped', 'paused', 'killed', 'daily_summary', 'pipeline.register']) {
        expect(kinds, kind).toContain(kind);
      }
      expect(wanted.filter((e) => e.kind === 'daily_summary')).toHaveLength(1);
    });
    // The Telegram chat got the notifications too: the stages and the summary among them.
    const texts = telegram.sent.filter((m) => m.chatId === CHAT).map((m) => m.text);
    expect(texts.some((t) => /daily P&L, 24 h to/.test(t))).toBe(true);
    expect(texts.some((t) => /^pipeline \d+: registered/.test(t))).toBe(true);
  });
});
