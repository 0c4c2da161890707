import { type ChildProcess, spawn } from 'node:child_process';
import { execa } from 'execa';

const bin = new URL('../../bin/fleet.js', import.meta.url).pathname;

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would, with no TTY and CI=true, never throwing on a non-zero exit. */
export async function fleet(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const r = await execa('node', [bin, ...args], {
    cwd: options.cwd,
    env: { CI: 'true', NO_COLOR: '1', ...options.env },
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
  });
  // A command that never exits is a defect of its own (an open handle), not a failure to assert on.
  if (r.timedOut) throw new Error(`fleet ${args.join(' ')} did not exit within 120 s`);
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A CLI process left running, its output collected as it comes. */
export interface RunningFleet {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** What it has written so far. */
  stdout(): string;
  stderr(): string;
}

/**
 * Starts the built CLI and leaves it running (to be signalled or killed by the test). `env` is the
 * whole environment; `detached` makes it lead its own process group, as a shell's foreground job.
 */
export function spawnFleet(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean },
): RunningFleet {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}
