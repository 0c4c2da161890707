import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, readRuntime, type Store } from '../../src/store/index.js';
import { fleet } from '../helpers/cli.js';
import { fleetProject, sandboxBot } from '../helpers/fleet-project.js';

const bin = new URL('../../bin/fleet.js', import.meta.url).pathname;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

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
      expect(output).toMatch(/\[alpha\] exited with code .*restarting in \d+ ms/);
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
    } finally {
      up.kill('SIGKILL');
    }
  }, 180_000);
});
