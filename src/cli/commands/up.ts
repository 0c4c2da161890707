import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, writeFileAtomic } from '../../core/index.js';
import { readProjectConfig, supervise, syncBots } from '../../fleet/index.js';
import { checkSchema, listBots, openStore } from '../../store/index.js';
import { decimal, wholeNumber } from '../flags.js';
import { stopOnSignals } from '../stop-signal.js';
import { color, stderr, stdout } from '../terminal.js';

interface UpFlags {
  botsPerProcess?: string;
  speed?: string;
}

const STATE_DIR = '.fleet';
export const SUPERVISOR_FILE = join(STATE_DIR, 'supervisor.json');

/**
 * `fleet up`: registers the project's bots and supervises every one of them as child processes
 * (`fleet run`, several bots per process), restarting a crashed child with backoff and printing
 * each line under its bots' names, until `fleet down`, SIGTERM or Ctrl-C.
 */
export async function upCommand(flags: UpFlags): Promise<void> {
  const perProcess = wholeNumber('--bots-per-process', flags.botsPerProcess, 1) ?? 10;
  const speed =
    decimal('--speed', flags.speed, Number.MIN_VALUE) ?? (await readProjectConfig(process.cwd())).sandbox.speed;
  const running = readSupervisor();
  if (running !== undefined && alive(running.pid)) {
    throw new UsageError(`the fleet is already up (pid ${running.pid}); fleet down stops it`);
  }
  // This process keeps the database open while the children run: on the embedded database it
  // stays the owner every child connects through, so a crashing child never takes it down.
  const store = await openStore();
  const stop = stopOnSignals('stopping the fleet: every runner finishes its tick…');
  try {
    await checkSchema(store);
    await syncBots(store, process.cwd());
    const bots = await listBots(store);
    if (bots.length === 0) throw new UsageError('no bots are declared: add them to fleet.config.json');
    const children = (['paper', 'live'] as const).flatMap((mode) => {
      const names = bots.filter((bot) => bot.mode === mode).map((bot) => bot.name);
      const groups: string[][] = [];
      for (let i = 0; i < names.length; i += perProcess) groups.push(names.slice(i, i + perProcess));
      return groups.map((group) => ({
        label: group.length <= 3 ? group.join(',') : `${group[0]}…+${group.length - 1}`,
        args: [...group, `--${mode}`, '--no-sync', '--speed', String(speed)],
      }));
    });
    await writeFileAtomic(
      resolve(SUPERVISOR_FILE),
      `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`,
    );
    stderr.info(`fleet up: ${bots.length} bot(s) in ${children.length} process(es); fleet down or Ctrl-C stops them`);
    await supervise({
      command: process.execPath,
      baseArgs: [process.argv[1], 'run'],
      children,
      cwd: process.cwd(),
      signal: stop.signal,
      onLine: (label, stream, line) => {
        const prefixed = `${color.cyan(`[${label}]`)} ${line}`;
        if (stream === 'stdout') stdout.line(prefixed);
        else stderr.line(prefixed);
      },
      onExit: (label, code, restartIn) =>
        restartIn === undefined
          ? stderr.error(`[${label}] exited with code ${code} (halted: not restarted; see fleet ls)`)
          : stderr.warn(`[${label}] exited with code ${code}; restarting in ${restartIn} ms`),
    });
  } finally {
    stop.dispose();
    const mine = readSupervisor();
    if (mine?.pid === process.pid) rmSync(resolve(SUPERVISOR_FILE), { force: true });
    await store.close();
  }
}

/** `fleet down`: stops a running `fleet up` in this project and waits for it to finish. */
export async function downCommand(flags: { timeout?: string }): Promise<void> {
  const seconds = wholeNumber('--timeout', flags.timeout, 1) ?? 60;
  const running = readSupervisor();
  if (running === undefined || !alive(running.pid)) {
    stdout.line('the fleet is not up');
    return;
  }
  process.kill(running.pid, 'SIGTERM');
  const deadline = Date.now() + seconds * 1000;
  while (alive(running.pid)) {
    if (Date.now() > deadline) throw new UsageError(`fleet up (pid ${running.pid}) did not stop within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  stdout.line(`stopped the fleet (pid ${running.pid})`);
}

function readSupervisor(): { pid: number } | undefined {
  const file = resolve(SUPERVISOR_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
