import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pidAlive, processArgs, processState } from '../../../src/core/index.js';

const linux = process.platform === 'linux';

describe('pidAlive', () => {
  it('is true for this process and false for a pid that does not exist', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(0)).toBe(false);
    expect(pidAlive(2 ** 22 + 1)).toBe(false);
  });

  it.runIf(linux)('is false for a zombie: a process that exited and was not reaped', async () => {
    // sh starts a short sleep in the background and becomes `sleep`, which never reaps it: a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d)))));
      for (let i = 0; processState(pid) !== 'Z'; i++) {
        if (i > 200) throw new Error(`pid ${pid} never became a zombie (state ${processState(pid)})`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(() => process.kill(pid, 0)).not.toThrow(); // the kernel still has it
      expect(pidAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it.runIf(linux)("reads a process's command line", () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      expect(processArgs(child.pid as number)).toEqual(['sleep', '60']);
    } finally {
      child.kill('SIGKILL');
    }
    expect(processArgs(2 ** 22 + 1)).toBeUndefined();
  });
});
