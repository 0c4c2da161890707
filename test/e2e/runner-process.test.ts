import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventsOf, readRuntime } from '../../src/store/index.js';
import { fleet, spawnFleet } from '../helpers/cli.js';
import { BACKENDS, SERVER_URL } from '../helpers/databases.js';
import { fastCrossBot } from '../helpers/fleet-project.js';
import { closedPort } from '../helpers/ports.js';
import {
  BOT,
  cleanUpProjects,
  cleanups,
  expectLedgerMatchesExchange,
  fillCount,
  holding,
  makeProject,
  SYMBOL,
  sleep,
  startRunner,
  waitFor,
} from '../helpers/runner-process.js';
import { tcpRelay } from '../helpers/tcp-relay.js';

/**
 * The built CLI's runner as real processes: one runner per bot (the lease), a clean SIGTERM, a
 * database that goes away or is down at start, and the ways a run fails loudly.
 */
afterAll(cleanUpProjects);

describe.each(BACKENDS)('fleet run as a process on %s', (backend) => {
  it('one runner per bot: a second one is refused, or with --wait takes over when the first stops', async () => {
    const project = await makeProject(backend);
    const first = startRunner(project);
    await waitFor('the first runner to hold the lease', holding(project.store, first.child.pid));

    const refused = startRunner(project);
    const second = await refused.exited;
    expect(second.code, JSON.stringify(second)).toBe(1);
    const errors = second.stderr.split('\n').filter((line) => line.includes('already being run'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`pid ${first.child.pid}`);
    expect(second.stdout.trim()).toBe(`${BOT}: failed`);
    expect(second.stderr).toContain(`could not run: ${BOT}`);
    // The refused runner did not disturb the first.
    expect(await holding(project.store, first.child.pid)()).toBe(true);

    const waiting = startRunner(project, ['--wait']);
    await waitFor(
      'the waiting runner to say it waits',
      async () => {
        if (waiting.child.exitCode !== null) throw new Error(`the waiting runner exited: ${waiting.stderr()}`);
        return waiting.stderr().includes('waiting');
      },
      60_000,
    );
    expect(await holding(project.store, first.child.pid)()).toBe(true);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    await waitFor('the waiting runner to take over', holding(project.store, waiting.child.pid));
    waiting.child.kill('SIGTERM');
    const last = await waiting.exited;
    expect(last.code).toBe(0);
    // Its orders and fills were printed as they happened; the outcome comes last.
    expect(last.stdout.trim().split('\n').at(-1)).toBe(`${BOT}: stopped`);
  }, 90_000);

  it('SIGTERM finishes the tick, exits 0 and releases the lease', async () => {
    const project = await makeProject(backend);
    const runner = startRunner(project);
    await waitFor('the runner to trade', async () => (await fillCount(project.store)) >= 2);
    runner.child.kill('SIGTERM');
    const exit = await runner.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('stopping: finishing the tick in progress');
    const runtime = await readRuntime(project.store, BOT);
    expect(runtime?.leaseOwner).toBeNull();
    expect(runtime?.status).toBe('stopped');
    const events = await eventsOf(project.store, { bot: BOT, kinds: ['started', 'stopped'] });
    expect(events.map((e) => e.kind)).toEqual(['started', 'stopped']);
    // Nothing half-done: every order it persisted was sent or refused.
    const pending = await project.store.db
      .selectFrom('orders')
      .select('client_order_id')
      .where('status', '=', 'new')
      .execute();
    expect(pending).toEqual([]);
    await expectLedgerMatchesExchange(project.store, 2);
  }, 90_000);
});

describe.runIf(SERVER_URL !== undefined)('fleet run when the database goes away', () => {
  it('keeps running, alerts, recovers, and its ledger still matches the exchange', async () => {
    const project = await makeProject('server');
    const target = new URL(project.serverUrl as string);
    const relay = tcpRelay(target);
    await relay.start();
    cleanups.push(() => relay.stop());
    const runner = startRunner(project, [], { DATABASE_URL: relay.url(target.pathname.slice(1)) });
    await waitFor('the runner to trade', async () => (await fillCount(project.store)) >= 2);
    const fillsBefore = await fillCount(project.store);

    await relay.stop();
    // Longer than the store waits for a connection (about 3 s): the failed tick cannot even be
    // recorded while the database is away.
    await sleep(8_000);
    expect(runner.child.exitCode).toBeNull();
    await relay.start();

    await waitFor(
      'the runner to recover',
      async () => (await eventsOf(project.store, { bot: BOT, kinds: ['recovered'] })).length > 0,
    );
    await waitFor('the runner to trade again', async () => (await fillCount(project.store)) > fillsBefore + 2);
    expect(runner.child.exitCode).toBeNull();
    runner.child.kill('SIGTERM');
    const exit = await runner.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toContain('tick failed');

    const alerts = await eventsOf(project.store, { bot: BOT, kinds: ['tick_failed', 'recovered'] });
    expect(alerts.map((e) => e.kind)).toContain('tick_failed');
    expect(alerts.map((e) => e.kind)).toContain('recovered');
    for (const event of alerts) expect(event.level).toBe('alert');
    expect(await eventsOf(project.store, { bot: BOT, kinds: ['halted'] })).toEqual([]);
    await expectLedgerMatchesExchange(project.store, 4);
  }, 110_000);
});

describe('fleet run fails loudly', () => {
  it('refuses to run outside a project unless the bots are named, and fleet up refuses there', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fleet-no-project-'));
    for (const args of [['run', '--paper'], ['up']]) {
      const result = await fleet(args, { cwd: empty });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toContain('no fleet.config.json here');
    }
    expect(readdirSync(empty)).toEqual([]); // no database was created on the way
  });

  it('exits 1 when a bot it was asked to run never booted', async () => {
    const project = await makeProject('embedded');
    const btc = { name: 'btc', spec: 'strategies/fast-cross.json', symbol: 'BTC/USDT', exchange: 'binance' };
    writeFileSync(
      join(project.dir, 'fleet.config.json'),
      JSON.stringify({ name: 'runner-e2e', bots: [fastCrossBot(BOT, SYMBOL), btc] }),
    );
    const port = await closedPort();
    const runner = spawnFleet(
      ['run', 'btc', '--paper', '--for', '3s', '--json', '--api-url', `http://127.0.0.1:${port}`],
      {
        cwd: project.dir,
        env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      },
    );
    const exit = await runner.exited;
    expect(exit.code, exit.stderr).toBe(1);
    expect(exit.stderr).toContain('boot failed');
    const summary = JSON.parse(exit.stdout.trim().split('\n').at(-1) as string);
    expect(summary).toMatchObject({ event: 'summary', bots: [{ bot: 'btc', state: 'failed' }] });
    expect(summary.bots[0].reason).toMatch(/^never started: /);
    expect(await eventsOf(project.store, { bot: 'btc', kinds: ['started'] })).toEqual([]);
  }, 60_000);
});

describe.runIf(SERVER_URL !== undefined)('fleet run when the database is down at start', () => {
  it('waits for it with backoff and one line (--db-wait), then runs', async () => {
    const project = await makeProject('server');
    const target = new URL(project.serverUrl as string);
    const relay = tcpRelay(target);
    await relay.start();
    const url = relay.url(target.pathname.slice(1));
    await relay.stop(); // the server is away: nothing answers on the relay's port
    cleanups.push(() => relay.stop());
    const runner = startRunner(project, ['--for', '2s'], { DATABASE_URL: url });
    await waitFor('the waiting line', async () => runner.stderr().includes('waiting up to 60 s'));
    expect(runner.child.exitCode).toBeNull();
    await relay.start();
    const exit = await runner.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr.match(/not reachable/g)).toHaveLength(1);
    expect(await eventsOf(project.store, { bot: BOT, kinds: ['started', 'stopped'] })).toHaveLength(2);

    // fleet up the same way, with its own limit.
    await relay.stop();
    const up = spawnFleet(['up', '--db-wait', '30'], {
      cwd: project.dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', DATABASE_URL: url },
    });
    try {
      await waitFor('fleet up waiting', async () => up.stderr().includes('waiting up to 30 s'));
      await relay.start();
      await waitFor(
        'the bot started under fleet up',
        async () => (await eventsOf(project.store, { bot: BOT, kinds: ['started'] })).length === 2,
      );
      up.child.kill('SIGTERM');
      expect((await up.exited).code, up.stderr()).toBe(0);
      expect(up.stderr().match(/not reachable/g)).toHaveLength(1);
    } finally {
      up.child.kill('SIGKILL');
    }
  }, 90_000);
});
