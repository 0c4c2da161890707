import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, openStore } from '../../src/store/index.js';
import { fleet, spawnFleet } from '../helpers/cli.js';
import { type FakeTelegram, startFakeTelegram } from '../helpers/fake-telegram.js';
import { readyProject, sandboxBot } from '../helpers/fleet-project.js';

const CHAT = 100;
let dir: string;
let telegram: FakeTelegram;
const bare = { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1' };

beforeAll(async () => {
  telegram = await startFakeTelegram();
  dir = await readyProject({ bots: [sandboxBot('alpha')], telegram: { chat_ids: [CHAT] } });
  expect((await fleet(['register'], { cwd: dir })).exitCode).toBe(0);
}, 120_000);
afterAll(async () => {
  await telegram?.close();
});

describe('fleet telegram (built CLI)', { timeout: 120_000 }, () => {
  it('refuses to start without TELEGRAM_BOT_TOKEN, in one line', async () => {
    const r = await fleet(['telegram'], { cwd: dir, env: { TELEGRAM_BOT_TOKEN: '' } });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(r.stdout).toBe('');
  });

  it('refuses a chat id that is not a number', async () => {
    const r = await fleet(['telegram'], { cwd: dir, env: { TELEGRAM_BOT_TOKEN: '1:t', TELEGRAM_CHAT_IDS: 'me' } });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("TELEGRAM_CHAT_IDS: 'me' is not a chat id");
  });

  it('answers an allow-listed chat, ignores another, and stops on Ctrl-C', async () => {
    const running = spawnFleet(['telegram'], {
      cwd: dir,
      env: { ...bare, TELEGRAM_BOT_TOKEN: '1:test', TELEGRAM_API_ROOT: telegram.apiRoot },
    });
    telegram.message(999, '/fleet');
    telegram.message(CHAT, '/fleet');
    const reply = await telegram.waitFor(CHAT, /alpha \(paper/);
    expect(reply.text).toContain('alpha (paper, SBX-TREND): stopped');
    expect(telegram.sent.filter((m) => m.chatId === 999)).toEqual([]);
    running.child.kill('SIGINT');
    const exit = await running.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const store = await openStore({ url: undefined, dir: join(dir, '.fleet') });
    try {
      const ignored = await eventsOf(store, { kinds: ['telegram_ignored'] });
      expect(ignored.map((e) => (e.data as { chatId: number }).chatId)).toEqual([999]);
    } finally {
      await store.close();
    }
  });

  it('runs beside fleet up when configured, and stops with its runners', async () => {
    const up = spawnFleet(['up'], {
      cwd: dir,
      env: { ...bare, TELEGRAM_BOT_TOKEN: '1:test', TELEGRAM_API_ROOT: telegram.apiRoot },
    });
    const after = telegram.sent.length;
    telegram.message(CHAT, '/status alpha');
    const reply = await telegram.waitFor(CHAT, /^alpha: /, after);
    expect(reply.text).toContain('(paper, sandbox SBX-TREND)');
    // One poller per token: fleet telegram refuses while fleet up answers.
    const second = await fleet(['telegram'], {
      cwd: dir,
      env: { TELEGRAM_BOT_TOKEN: '1:test', TELEGRAM_API_ROOT: telegram.apiRoot },
    });
    expect(second.exitCode).toBe(1);
    expect(second.stderr.trim()).toBe(
      "error: another process (fleet up or fleet notify run) already answers this project's Telegram commands",
    );
    up.child.kill('SIGINT');
    const exit = await up.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toContain('telegram: answering commands in 1 chat(s)');
  });
});
