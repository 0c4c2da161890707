import { createServer, type Server } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleet, type RunningFleet, spawnFleet } from '../helpers/cli.js';
import { http } from '../helpers/dashboard-rig.js';
import { readyProject, sandboxBot } from '../helpers/fleet-project.js';
import { until } from '../helpers/until.js';

let dir: string;
const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  CI: 'true',
  NO_COLOR: '1',
  ...extra,
});

beforeAll(async () => {
  dir = await readyProject({ bots: [sandboxBot('alpha'), sandboxBot('beta')] });
  expect((await fleet(['register'], { cwd: dir })).exitCode).toBe(0);
}, 120_000);

/** A one-line error on stderr, nothing on stdout, and the exit code. */
function expectOneLineError(r: { exitCode: number; stdout: string; stderr: string }, code: number, text: string) {
  expect(r.exitCode, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(text);
}

describe('fleet dashboard (built CLI)', { timeout: 120_000 }, () => {
  it.each([
    [['--port', '70000'], "--port must be a whole number from 0 to 65535, got '70000'"],
    [['--port', 'eighty'], "--port must be a whole number >= 0, got 'eighty'"],
    [['--port', '-1'], "--port must be a whole number >= 0, got '-1'"],
  ])('refuses %j in one line (exit 2)', async (args, message) => {
    expectOneLineError(await fleet(['dashboard', ...args], { cwd: dir }), 2, message);
  });

  it('refuses a host other than loopback without FLEET_DASHBOARD_TOKEN (exit 2)', async () => {
    const r = await fleet(['dashboard', '--host', '0.0.0.0'], { cwd: dir, env: { FLEET_DASHBOARD_TOKEN: '' } });
    expectOneLineError(r, 2, 'FLEET_DASHBOARD_TOKEN');
    const bare = await fleet(['dashboard', '--host', '192.0.2.10'], { cwd: dir });
    expectOneLineError(bare, 2, '--host 192.0.2.10 is reachable from other machines: set FLEET_DASHBOARD_TOKEN');
  });

  it('says so in one line when the port is in use (exit 1)', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const r = await fleet(['dashboard', '--port', String(port)], { cwd: dir });
      expectOneLineError(r, 1, `port ${port} on 127.0.0.1 is already in use: choose another with --port`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('serves the fleet beside other fleet commands on the embedded database, and stops on Ctrl-C', async () => {
    const running: RunningFleet = spawnFleet(['dashboard', '--port', '0'], { cwd: dir, env: env() });
    try {
      const url = await until('the dashboard to listen', async () => /dashboard: (\S+)/.exec(running.stdout())?.[1]);
      const fleetView = (await http(`${url}api/fleet`)).body as {
        bots: { name: string; flags: { paused: boolean } }[];
      };
      expect(fleetView.bots.map((bot) => bot.name)).toEqual(['alpha', 'beta']);
      // Another process changes the database the dashboard holds open: a read after the shared
      // one (a second old at most) shows it.
      expect((await fleet(['pause', 'beta'], { cwd: dir })).exitCode).toBe(0);
      await until('the pause on the dashboard', async () => {
        const after = (await http(`${url}api/fleet`)).body as typeof fleetView;
        return after.bots.find((bot) => bot.name === 'beta')?.flags.paused ? true : undefined;
      });
      // Read-only without a token: control is refused.
      expect((await http(`${url}api/bots/beta/resume`, { method: 'POST' })).status).toBe(401);
    } finally {
      running.child.kill('SIGINT');
    }
    const exit = await running.exited;
    expect(exit.code, exit.stderr).toBe(0);
  });
});
