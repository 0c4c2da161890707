import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimOutbox, enqueueEvents, markFailed, openStore, recordEvent } from '../../src/store/index.js';
import { fleet, spawnFleet } from '../helpers/cli.js';
import { type FakeWebhook, startFakeWebhook } from '../helpers/fake-webhook.js';
import { fleetProject, readyProject, sandboxBot } from '../helpers/fleet-project.js';
import { closedPort } from '../helpers/ports.js';
import { until } from '../helpers/until.js';

const bin = new URL('../../bin/fleet.js', import.meta.url).pathname;

describe('fleet notify', { timeout: 120_000 }, () => {
  let hook: FakeWebhook;
  beforeEach(async () => {
    hook = await startFakeWebhook();
  });
  afterEach(() => hook.close());

  it('test: one message per channel, each failure named, exit 1 if any failed', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/hook`;
    const dir = fleetProject({
      notify: {
        channels: [
          { type: 'webhook', url: hook.url, format: 'slack' },
          { type: 'webhook', url_env: 'BROKEN_HOOK' },
          { type: 'console' },
          { type: 'telegram', chat_ids: [42] },
        ],
      },
    });
    const run = await fleet(['notify', 'test', '--json'], {
      cwd: dir,
      env: { BROKEN_HOOK: refused, TELEGRAM_BOT_TOKEN: '' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('2 of 4 channel(s) failed');
    const lines = run.stdout.split('\n');
    const json = JSON.parse(lines.slice(lines.findIndex((line) => line.startsWith('{'))).join('\n'));
    expect(json.channels).toEqual([
      { channel: 'webhook', ok: true, error: null },
      { channel: 'webhook-2', ok: false, error: 'webhook webhook-2: ECONNREFUSED' },
      { channel: 'console', ok: true, error: null },
      {
        channel: 'telegram',
        ok: false,
        error: 'notify channel telegram: set TELEGRAM_BOT_TOKEN (the environment or .env)',
      },
    ]);
    expect(run.stdout).toContain('[info] test: test notification from fleet notify test');
    expect(hook.received.map((d) => d.body)).toEqual([
      { text: '[info] test: test notification from fleet notify test' },
    ]);

    const none = await fleet(['notify', 'test'], { cwd: fleetProject({}) });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('no notify channels are configured');
  });

  it('status: the backlog per channel and the last failures', async () => {
    const dir = await readyProject({});
    expect((await fleet(['notify', 'status'], { cwd: dir })).stdout).toContain('the outbox is empty');
    const store = await openStore({ dir: join(dir, '.fleet') });
    try {
      await enqueueEvents(store, 'hooks');
      const id = await recordEvent(store, { bot: null, level: 'alert', kind: 'halted', message: 'loss' });
      await recordEvent(store, { bot: null, level: 'warn', kind: 'rejected', message: 'no funds' });
      await enqueueEvents(store, 'hooks');
      const [row] = await claimOutbox(store, 'hooks', 1, 60_000);
      await markFailed(store, [row?.id ?? 0], 'webhook hooks: HTTP 502', 60_000);
      expect(row?.key).toBe(`hooks:${id}`);
    } finally {
      await store.close();
    }
    const text = await fleet(['notify', 'status'], { cwd: dir });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('hooks: 2 pending, 0 sent');
    expect(text.stdout).toMatch(/hooks:\d+: 1 attempt\(s\), last error: webhook hooks: HTTP 502/);
    const json = JSON.parse((await fleet(['notify', 'status', '--json'], { cwd: dir })).stdout);
    expect(json.channels).toEqual([
      {
        channel: 'hooks',
        pending: 2,
        sent: 0,
        failures: [{ key: expect.stringMatching(/^hooks:/), attempts: 1, error: 'webhook hooks: HTTP 502' }],
      },
    ]);
  });

  it('fleet up refuses a channel it cannot build, in one line, before registering anything', async () => {
    const dir = await readyProject({
      bots: [sandboxBot('alpha')],
      notify: { channels: [{ type: 'telegram', chat_ids: [42] }] },
    });
    const up = await fleet(['up'], { cwd: dir, env: { TELEGRAM_BOT_TOKEN: '' } });
    expect(up.exitCode).toBe(1);
    expect(up.stderr.trim()).toBe('error: notify channel telegram: set TELEGRAM_BOT_TOKEN (the environment or .env)');
    const ls = await fleet(['ls', '--json'], { cwd: dir });
    expect(JSON.parse(ls.stdout).bots).toEqual([]);
  });

  it('fleet up delivers bot started and stopped to a webhook, once each, while its Telegram bot cannot connect', async () => {
    const dir = await readyProject({
      bots: [sandboxBot('alpha', { timeframe: '1m', params: { fast: 5, slow: 20 } })],
      sandbox: { speed: 600 },
      notify: { channels: [{ type: 'webhook', url: hook.url, levels: ['info'], kinds: ['started', 'stopped'] }] },
      telegram: { chat_ids: [42] },
    });
    // Telegram is configured but unreachable: the bot is retried, the runners never wait for it.
    const env = {
      CI: 'true',
      NO_COLOR: '1',
      TELEGRAM_BOT_TOKEN: '1:test',
      TELEGRAM_API_ROOT: `http://127.0.0.1:${await closedPort()}`,
    };
    const up = execa('node', [bin, 'up'], { cwd: dir, env, reject: false, all: true });
    try {
      await hook.waitFor(1);
      expect(hook.received[0]?.body).toMatchObject({ kind: 'started', bot: 'alpha' });
      expect((await fleet(['down'], { cwd: dir })).exitCode).toBe(0);
      const result = await up;
      expect(result.exitCode).toBe(0);
      expect(result.all).toContain('notifying webhook');
      expect(result.all).toMatch(/telegram: .*failed.*; trying again in 10 s \(the fleet goes on\)/);
      expect(result.all).not.toContain('answering commands');
      expect(hook.received.map((d) => d.body.kind)).toEqual(['started', 'stopped']);
      expect(hook.unique()).toHaveLength(2);
    } finally {
      up.kill('SIGKILL');
    }
  });

  it('fleet up --no-notify runs the runners alone; fleet notify run needs a project', async () => {
    const dir = await readyProject({
      bots: [sandboxBot('alpha', { timeframe: '1m', params: { fast: 5, slow: 20 } })],
      sandbox: { speed: 600 },
      notify: { channels: [{ type: 'webhook', url: hook.url, kinds: ['started', 'stopped'] }] },
    });
    const up = spawnFleet(['up', '--no-notify'], { cwd: dir, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    try {
      await until('alpha to start', async () =>
        `${up.stdout()}${up.stderr()}`.includes('[alpha] started') ? true : undefined,
      );
      expect((await fleet(['down'], { cwd: dir })).exitCode).toBe(0);
      const result = await up.exited;
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain('notifying');
      expect(hook.received).toEqual([]);
    } finally {
      up.child.kill('SIGKILL');
    }
    const nowhere = await fleet(['notify', 'run'], { cwd: mkdtempSync(join(tmpdir(), 'no-project-')) });
    expect(nowhere.exitCode).toBe(2);
    expect(nowhere.stderr.trim()).toBe(
      "error: no fleet.config.json here: fleet notify run reads its channels from the project's config",
    );
  });
});
