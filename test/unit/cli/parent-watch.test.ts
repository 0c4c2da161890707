import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { watchSupervisor } from '../../../src/cli/parent-watch.js';

describe('watchSupervisor', () => {
  it('calls back at once when this process was not started by that pid', async () => {
    const gone = await new Promise<boolean>((resolve) => {
      const stop = watchSupervisor(process.ppid + 1_000_000, () => resolve(true), 10);
      setTimeout(() => {
        stop();
        resolve(false);
      }, 1000);
    });
    expect(gone).toBe(true);
  });

  it('stays quiet while its parent lives, and a stopped watch never calls back', async () => {
    let calls = 0;
    const stop = watchSupervisor(process.ppid, () => calls++, 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(calls).toBe(0);
  });

  it('notices when its supervisor dies and the process is re-parented', async () => {
    // A parent that starts a watching child; once the child watches, the test kills the parent.
    const watcher = new URL('../../../src/cli/parent-watch.ts', import.meta.url).pathname;
    const child = `import('${watcher}').then(({ watchSupervisor }) => { watchSupervisor(process.ppid, () => { console.log('gone'); process.exit(0); }, 20); console.log('watching'); }); setTimeout(() => process.exit(1), 20000);`;
    const parent = `require('node:child_process').spawn(process.execPath, ['--import', 'tsx', '-e', ${JSON.stringify(child)}], { stdio: ['ignore', 'inherit', 'ignore'] }); setInterval(() => {}, 1000);`;
    const run = spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      let out = '';
      const waiting = new Set<() => void>();
      run.stdout.on('data', (d) => {
        out += String(d);
        for (const look of waiting) look();
      });
      const said = (line: string) =>
        new Promise<void>((resolve) => {
          const look = () => {
            if (!out.includes(line)) return;
            waiting.delete(look);
            resolve();
          };
          waiting.add(look);
          look();
        });
      await said('watching');
      run.kill('SIGKILL');
      await said('gone');
      expect(out.trim().split('\n')).toEqual(['watching', 'gone']);
    } finally {
      run.kill('SIGKILL');
    }
  }, 30_000);
});
