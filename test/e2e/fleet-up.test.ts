import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { pidAlive } from '../../src/core/index.js';
import { eventsOf, openStore, readRuntime, type Store, setFlags } from '../../src/store/index.js';
import { fleet, type RunningFleet, spawnFleet } from '../helpers/cli.js';
import { fleetProject, readyProject, sandboxBot } from '../helpers/fleet-project.js';
import { until } from '../helpers/until.js';

const bin = new URL('../../bin/fleet.js', import.meta.url).pathname;

interface Up extends RunningFleet {
  /** The JSON lines printed on stdout so far (--json). */
  events(): Array<Record<string, unknown>>;
}

/**
 * `fleet up` leading its own process group, as a shell runs a foreground job: a terminal's Ctrl-C
 * goes to the whole group, the supervisor and its children alike (`process.kill(-pid)`).
 */
function startUp(dir: string, args: string[]): Up {
  const up = spawnFleet(['up', ...args], {
    cwd: dir,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    detached: true,
  });
  const completeLines = () => up.stdout().slice(0, up.stdout().lastIndexOf('\n') + 1);
  return {
    ...up,
    events: () =>
      completeLines()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line)),
  };
}

/** Kills what is left of a process group (the test failed half-way). */
function killGroup(up: Up): void {
  try {
    if (up.child.pid !== undefined) process.kill(-up.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The bot's lease is held by a runner that has processed a bar. */
const running = (store: Store, bot: string) => async () => {
  const runtime = await readRuntime(store, bot);
  return runtime?.status === 'running' && runtime.leasePid !== null && runtime.lastBarTime !== null
    ? runtime
    : undefined;
};

const FAST_BOT = { timeframe: '1m', params: { fast: 5, slow: 20 } };

describe('fleet up / fleet down', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('supervises each bot in its own process, restarts a killed one, and stops on fleet down', async () => {
    const dir = fleetProject({
      bots: [
        sandboxBot('alpha', { timeframe: '1m', params: { fast: 5, slow: 20 } }),
        sandboxBot('beta', { symbol: 'SBX-WALK', timeframe: '1m', params: { fast: 5, slow: 20 } }),
      ],
      sandbox: { speed: 600 },
    });
    const env = { CI: 'true', NO_COLOR: '1' };
    expect((await fleet(['migrate'], { cwd: dir })).exitCode).toBe(0);
    const up = execa('node', [bin, 'up', '--bots-per-process', '1'], { cwd: dir, env, reject: false, all: true });
    let output = '';
    up.all?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      await until('the supervisor file', async () =>
        existsSync(join(dir, '.fleet', 'supervisor.json')) ? true : undefined,
      );
      store = await openStore({ dir: join(dir, '.fleet') });
      const open = store;
      const running = async (bot: string) => {
        const runtime = await readRuntime(open, bot);
        return runtime?.status === 'running' && runtime.leasePid !== null && runtime.lastBarTime !== null
          ? runtime
          : undefined;
      };
      const alpha = await until('alpha running', () => running('alpha'));
      const beta = await until('beta running', () => running('beta'));
      expect(alpha.leasePid).not.toBe(beta.leasePid); // one bot per process

      process.kill(alpha.leasePid as number, 'SIGKILL');
      const restarted = await until('alpha restarted in a new process', async () => {
        const runtime = await running('alpha');
        return runtime && runtime.leasePid !== alpha.leasePid ? runtime : undefined;
      });
      expect(restarted.leasePid).not.toBe(alpha.leasePid);
      expect(output).toMatch(/\[alpha\] exited with (code|signal) .*restarting in \d+ ms/);
      expect(output).toContain('[beta]');

      const down = await fleet(['down'], { cwd: dir });
      expect(down.exitCode).toBe(0);
      expect(down.stdout).toContain('stopped the fleet');
      const result = await up;
      expect(result.exitCode).toBe(0);
      expect(existsSync(join(dir, '.fleet', 'supervisor.json'))).toBe(false);
      for (const bot of ['alpha', 'beta']) {
        const runtime = await readRuntime(open, bot);
        expect(runtime?.status).toBe('stopped');
        expect(runtime?.leaseOwner).toBeNull();
      }
      expect((await fleet(['down'], { cwd: dir })).stdout).toContain('not up');
      // The supervisor recorded the crash (how the child died) and the restart, for alpha alone.
      const told = await eventsOf(open, { kinds: ['crashed', 'restarted'] });
      expect(told.map((event) => [event.bot, event.level, event.kind])).toEqual([
        ['alpha', 'error', 'crashed'],
        ['alpha', 'info', 'restarted'],
      ]);
      expect(told[0]?.data).toMatchObject({ child: 'alpha', signal: 'SIGKILL', stderrTail: expect.any(Array) });
      expect(told[0]?.message).toMatch(/^runner \(alpha\) exited with signal SIGKILL; restarting in \d+ ms/);
    } finally {
      up.kill('SIGKILL');
    }
  }, 180_000);

  it('stops every runner cleanly on Ctrl-C, which reaches the supervisor and its children alike', async () => {
    const dir = await readyProject({
      bots: [sandboxBot('alpha', FAST_BOT), sandboxBot('beta', { ...FAST_BOT, symbol: 'SBX-WALK' })],
      sandbox: { speed: 600 },
    });
    const up = startUp(dir, ['--bots-per-process', '1', '--json']);
    try {
      await until('the supervisor file', async () =>
        existsSync(join(dir, '.fleet', 'supervisor.json')) ? true : undefined,
      );
      store = await openStore({ dir: join(dir, '.fleet') });
      const open = store;
      await until('alpha running', running(open, 'alpha'));
      await until('beta running', running(open, 'beta'));
      // A child's fill is relayed to the stream as it happens, labelled with the child.
      const fill = await until('a fill on the stream', async () => up.events().find((e) => e.event === 'fill'));

      process.kill(-(up.child.pid as number), 'SIGINT');
      const result = await up.exited;
      expect(result.code, up.stderr()).toBe(0);
      expect(up.stderr()).not.toContain('exiting without finishing');
      for (const bot of ['alpha', 'beta']) {
        const runtime = await readRuntime(open, bot);
        expect(runtime?.status, bot).toBe('stopped');
        expect(runtime?.leaseOwner, bot).toBeNull();
        const kinds = (await eventsOf(open, { bot, kinds: ['started', 'stopped'] })).map((event) => event.kind);
        expect(kinds, bot).toEqual(['started', 'stopped']);
      }

      // --json: stdout is only the event stream; the children's lines went to stderr.
      const events = up.events();
      expect(up.stdout().trim().split('\n')).toHaveLength(events.length);
      const started = events.filter((event) => event.event === 'started');
      expect(started.map((event) => event.child).sort()).toEqual(['alpha', 'beta']);
      const exits = events.filter((event) => event.event === 'exited');
      expect(exits).toHaveLength(2);
      for (const exit of exits) expect(exit).toMatchObject({ exitCode: 0, signal: null, stopping: true });
      expect(events.at(-1)).toMatchObject({
        event: 'summary',
        restarts: 0,
        children: [expect.objectContaining({ restarts: 0 }), expect.objectContaining({ restarts: 0 })],
      });
      expect(up.stderr()).toContain('[alpha]');
      expect(existsSync(join(dir, '.fleet', 'supervisor.json'))).toBe(false);
      expect(fill.child).toBe(fill.bot);
      const [logged] = await eventsOf(open, { bot: fill.bot as string, kinds: ['fill'], limit: 1000 });
      expect(fill).toMatchObject({ level: 'info', message: logged.message, data: logged.data });
    } finally {
      killGroup(up);
    }
  }, 180_000);

  it('starts a child that exited halted again once fleet resume clears its bot', async () => {
    const dir = await readyProject({ bots: [sandboxBot('gamma', FAST_BOT)], sandbox: { speed: 600 } });
    expect((await fleet(['register'], { cwd: dir })).exitCode).toBe(0);
    const setup = await openStore({ dir: join(dir, '.fleet') });
    await setFlags(setup, 'gamma', { halted: true, haltedReason: 'test: looked odd' }, { actor: 'test' });
    await setup.close();

    const up = startUp(dir, ['--json']);
    try {
      const halted = await until('the halted event', async () => up.events().find((e) => e.event === 'halted'));
      expect(halted).toMatchObject({ child: 'gamma', bots: ['gamma'] });
      expect(up.stderr()).toContain('[gamma] exited halted (code 3)');
      store = await openStore({ dir: join(dir, '.fleet') });
      const open = store;
      expect((await readRuntime(open, 'gamma'))?.leaseOwner).toBeNull();

      expect((await fleet(['resume', 'gamma', '--reason', 'checked'], { cwd: dir })).exitCode).toBe(0);
      await until('gamma running again', running(open, 'gamma'));
      await until('the restart event', async () => up.events().find((e) => e.event === 'started' && e.restarts === 1));
      expect(up.events().map((e) => e.event)).toEqual(['started', 'exited', 'halted', 'resumed', 'started']);
      expect(up.events()[1]).toMatchObject({ exitCode: 3, stopping: false });
      expect(up.stderr()).toContain('[gamma] resumed');
      // The runtime reads running once the lease is taken; the started event follows the boot.
      const started = await until('the runner started event', async () => {
        const events = await eventsOf(open, { bot: 'gamma', kinds: ['started'] });
        return events.length > 0 ? events : undefined;
      });
      expect(started, 'the halted boot records no start').toHaveLength(1);

      const down = await fleet(['down', '--json'], { cwd: dir });
      expect(down.exitCode, down.stderr).toBe(0);
      const report = JSON.parse(down.stdout);
      expect(report).toMatchObject({ stopped: true, pid: up.child.pid, bots: ['gamma'] });
      expect(typeof report.seconds).toBe('number');
      expect(typeof report.startedAt).toBe('string');
      expect((await up.exited).code).toBe(0);
      expect(up.events().at(-1)).toMatchObject({
        event: 'summary',
        restarts: 1,
        children: [{ child: 'gamma', bots: ['gamma'], restarts: 1, lastExitCode: 0 }],
      });
    } finally {
      killGroup(up);
    }
  }, 180_000);

  it('fails with exit 1, not a usage error, when the fleet does not stop within --timeout', async () => {
    const dir = fleetProject({ bots: [] });
    const idle = await fleet(['down', '--json'], { cwd: dir });
    expect(idle.exitCode).toBe(0);
    expect(JSON.parse(idle.stdout)).toEqual({
      stopped: false,
      pid: null,
      startedAt: null,
      bots: [],
      runners: [],
      seconds: 0,
    });

    // A stand-in for a supervisor that never finishes stopping.
    const stubborn = spawn(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      await new Promise((resolve) => stubborn.stdout?.once('data', resolve));
      mkdirSync(join(dir, '.fleet'), { recursive: true });
      writeFileSync(join(dir, '.fleet', 'supervisor.json'), JSON.stringify({ pid: stubborn.pid }));
      const down = await fleet(['down', '--timeout', '1'], { cwd: dir });
      expect(down.exitCode).toBe(1);
      expect(down.stdout).toBe('');
      expect(down.stderr.trim().split('\n')).toHaveLength(1);
      expect(down.stderr).toContain(`fleet up (pid ${stubborn.pid}) did not stop within 1 s`);
      expect((await fleet(['down', '--timeout', '0'], { cwd: dir })).exitCode).toBe(2);
    } finally {
      stubborn.kill('SIGKILL');
    }
  });

  it('cannot orphan its runners: kill -9, a new fleet up, kill -TERM -PGID, fleet down after a crash', async () => {
    const dir = await readyProject({
      bots: [sandboxBot('alpha', FAST_BOT), sandboxBot('beta', { ...FAST_BOT, symbol: 'SBX-WALK' })],
      sandbox: { speed: 600 },
    });
    // The test owns the embedded database, so a supervisor killed here takes nothing else down.
    store = await openStore({ dir: join(dir, '.fleet') });
    const open = store;
    const bots = ['alpha', 'beta'];
    const runnerPids = async () => {
      const pids: number[] = [];
      for (const bot of bots) pids.push((await until(`${bot} running`, running(open, bot))).leasePid as number);
      return pids;
    };
    const released = async () => {
      for (const bot of bots) {
        const runtime = await readRuntime(open, bot);
        expect(runtime?.leaseOwner, bot).toBeNull();
        expect(runtime?.status, bot).toBe('stopped');
      }
    };
    const ups: Up[] = [];
    try {
      // 1. A supervisor killed with SIGKILL: its runners notice, finish their tick and stop.
      const first = startUp(dir, ['--bots-per-process', '1', '--json']);
      ups.push(first);
      const orphans = await runnerPids();
      process.kill(first.child.pid as number, 'SIGKILL');
      // 2. A new fleet up at once: it waits for what the dead one left, then starts cleanly.
      const second = startUp(dir, ['--bots-per-process', '1', '--json']);
      ups.push(second);
      const allGone = async () => (orphans.every((pid) => !pidAlive(pid)) ? true : undefined);
      await until('no runner of the killed fleet up alive', allGone, 10_000);
      const fresh = await until('the new fleet up running both bots', async () => {
        const pids = await runnerPids();
        return pids.every((pid) => !orphans.includes(pid)) ? pids : undefined;
      });
      expect(fresh).toHaveLength(2);
      for (const bot of bots) {
        // The orphan finished its tick and stopped cleanly before the new runner started.
        const kinds = await until(`${bot}'s third start/stop event`, async () => {
          const events = await eventsOf(open, { bot, kinds: ['started', 'stopped'] });
          return events.length >= 3 ? events.map((event) => event.kind) : undefined;
        });
        expect(kinds, bot).toEqual(['started', 'stopped', 'started']);
      }
      expect(second.events().filter((e) => e.event === 'started')).toHaveLength(2);
      expect(second.events().filter((e) => e.event === 'restarting' || e.event === 'exited')).toEqual([]);

      // 3. SIGTERM to the whole process group (systemd's stop, timeout): one clean stop.
      process.kill(-(second.child.pid as number), 'SIGTERM');
      const stopped = await second.exited;
      expect(stopped.code, second.stderr()).toBe(0);
      expect(second.stderr()).not.toContain('exiting without finishing');
      for (const exit of second.events().filter((e) => e.event === 'exited'))
        expect(exit).toMatchObject({ exitCode: 0, stopping: true });
      await released();

      // 4. fleet down after a crashed supervisor stops what it left and says so.
      const third = startUp(dir, ['--bots-per-process', '1', '--json']);
      ups.push(third);
      const left = await runnerPids();
      process.kill(third.child.pid as number, 'SIGKILL');
      const down = await fleet(['down', '--json'], { cwd: dir });
      expect(down.exitCode, down.stderr).toBe(0);
      expect(left.filter((pid) => pidAlive(pid))).toEqual([]);
      await released();

      // 5. ... and every other runner the database knows of on this host: a fleet run by hand.
      const byHand = spawnFleet(['run', 'alpha', '--paper', '--speed', '600'], {
        cwd: dir,
        env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      });
      const [pid] = await until('the hand-run runner', async () => {
        const runtime = await running(open, 'alpha')();
        return runtime ? [runtime.leasePid as number] : undefined;
      });
      const report = JSON.parse((await fleet(['down', '--json'], { cwd: dir })).stdout);
      expect(report).toMatchObject({ stopped: true, pid: null, runners: [{ pid, bots: ['alpha'] }] });
      expect((await byHand.exited).code).toBe(0);
      expect((await readRuntime(open, 'alpha'))?.leaseOwner).toBeNull();
    } finally {
      for (const up of ups) killGroup(up);
    }
  }, 240_000);

  it('shows a runner killed with SIGKILL as stale in fleet ls, with its age, and alerts it exactly once', async () => {
    const dir = await readyProject({ bots: [sandboxBot('delta', FAST_BOT)], sandbox: { speed: 600 } });
    store = await openStore({ dir: join(dir, '.fleet') });
    const open = store;
    const runner = spawnFleet(['run', 'delta', '--paper', '--speed', '600'], {
      cwd: dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });
    try {
      await until('delta running', running(open, 'delta'));
      runner.child.kill('SIGKILL');
      await runner.exited;
    } finally {
      runner.child.kill('SIGKILL');
    }
    // Five minutes pass without a heartbeat (moved back rather than waited for).
    await sql`UPDATE bot_runtime SET heartbeat_at = now() - interval '5 minutes' WHERE bot = 'delta'`.execute(open.db);

    const table = await fleet(['ls'], { cwd: dir });
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/delta\s+paper\s+stale\b.*\b5m ago/);
    expect(table.stderr).toMatch(/delta: no heartbeat for 30\d s/);
    const again = await fleet(['ls', '--json'], { cwd: dir });
    const [row] = JSON.parse(again.stdout).bots;
    expect(row).toMatchObject({ name: 'delta', status: 'running', stale: true });
    expect(row.heartbeatAgeMs).toBeGreaterThan(299_000);
    expect(again.stderr).toBe('');
    const alerts = await eventsOf(open, { bot: 'delta', kinds: ['heartbeat_stale'] });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level: 'alert', data: { ageMs: expect.any(Number) } });
    expect(alerts[0].message).toMatch(/^no heartbeat for 30\d s/);
  }, 120_000);
});
