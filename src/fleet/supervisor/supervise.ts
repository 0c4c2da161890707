import type { ResultPromise } from 'execa';
import { sleep } from '../../core/index.js';

export interface ChildSpec {
  /** Shown before each line the child prints, e.g. `a,b`. */
  readonly label: string;
  /** The bots the child runs (what `isHalted` is asked about). */
  readonly bots: readonly string[];
  readonly args: readonly string[];
}

/** What happens to a child, as it happens: for the CLI to print. */
export type SupervisorEvent =
  | { readonly kind: 'started'; readonly child: ChildSpec; readonly pid: number | undefined; readonly restarts: number }
  | {
      readonly kind: 'exited';
      readonly child: ChildSpec;
      readonly exitCode: number | undefined;
      readonly signal: string | undefined;
      /** The exit followed the stop signal: it was asked to stop. */
      readonly stopping: boolean;
    }
  | {
      readonly kind: 'restarting';
      readonly child: ChildSpec;
      readonly exitCode: number | undefined;
      readonly signal: string | undefined;
      readonly inMs: number;
      /** The last lines the child wrote to stderr before it died (at most STDERR_TAIL_LINES). */
      readonly stderrTail: readonly string[];
    }
  /** Exited halted (exit 3) with a bot halted or killed: waits for `fleet resume`. */
  | { readonly kind: 'halted'; readonly child: ChildSpec }
  /** Its bots were resumed after a halt: it is started again at once. */
  | { readonly kind: 'resumed'; readonly child: ChildSpec };

export interface SuperviseOptions {
  /** The program every child runs (e.g. the node binary) and the args before each child's own. */
  readonly command: string;
  readonly baseArgs: readonly string[];
  readonly children: readonly ChildSpec[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** First restart delay in ms, doubled per consecutive crash up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** A child that ran this long before crashing starts again from the first delay. */
  readonly healthyAfterMs?: number;
  /** Real ms a stopping child gets between SIGTERM and SIGKILL. */
  readonly graceMs?: number;
  /**
   * Whether any of a child's bots is still halted or killed. With it, a child that exited halted
   * is started again once this turns false (polled every `haltPollMs`); without it, never.
   */
  readonly isHalted?: (child: ChildSpec) => Promise<boolean>;
  /** How often a halted child's flags are read (default 3000 ms). */
  readonly haltPollMs?: number;
  readonly onLine: (label: string, stream: 'stdout' | 'stderr', line: string) => void;
  readonly onEvent?: (event: SupervisorEvent) => void;
}

export interface ChildOutcome {
  readonly label: string;
  readonly bots: readonly string[];
  readonly restarts: number;
  readonly lastExitCode: number | undefined;
}

/** Lines of a child's stderr kept to say why it died. */
export const STDERR_TAIL_LINES = 20;

/** Exit code 3 is a safety halt: a human has to look, so the supervisor waits for `fleet resume`. */
const HALTED = 3;

/**
 * Keeps each child process running until `signal` aborts: a child that exits unexpectedly is
 * restarted after a backoff, one that exited halted once a human resumed its bots; its output is
 * passed on line by line under its label, and on abort every child gets SIGTERM (finish the tick,
 * release leases) and, after the grace period, SIGKILL.
 */
export async function supervise(options: SuperviseOptions): Promise<ChildOutcome[]> {
  return Promise.all(options.children.map((child) => keepRunning(child, options)));
}

async function keepRunning(child: ChildSpec, options: SuperviseOptions): Promise<ChildOutcome> {
  const { signal } = options;
  const emit = (event: SupervisorEvent) => options.onEvent?.(event);
  let restarts = 0;
  let failures = 0;
  let lastExitCode: number | undefined;
  while (!signal.aborted) {
    const started = Date.now();
    const result = await runOnce(child, options, restarts);
    lastExitCode = result.exitCode;
    emit({ kind: 'exited', child, exitCode: result.exitCode, signal: result.signal, stopping: signal.aborted });
    if (signal.aborted) break;
    if (result.exitCode === HALTED) {
      if (options.isHalted === undefined) break;
      // Exit 3 with nothing flagged (say a refused mode) is nothing a resume would clear: retry it
      // with the crash backoff below instead of waiting for ever.
      if (await stillHalted(child, options)) {
        emit({ kind: 'halted', child });
        if (!(await waitForResume(child, options))) break;
        emit({ kind: 'resumed', child });
        failures = 0;
        restarts++;
        continue;
      }
    }
    failures = Date.now() - started >= (options.healthyAfterMs ?? 60_000) ? 1 : failures + 1;
    const wait = Math.min(options.maxBackoffMs ?? 60_000, (options.backoffMs ?? 1000) * 2 ** (failures - 1));
    emit({
      kind: 'restarting',
      child,
      exitCode: result.exitCode,
      signal: result.signal,
      inMs: wait,
      stderrTail: result.stderrTail,
    });
    restarts++;
    await sleep(wait, signal);
  }
  return { label: child.label, bots: child.bots, restarts, lastExitCode };
}

/** Starts the child once and waits for it to exit (or to be stopped by the abort). */
async function runOnce(
  child: ChildSpec,
  options: SuperviseOptions,
  restarts: number,
): Promise<{ exitCode: number | undefined; signal: string | undefined; stderrTail: string[] }> {
  // Loaded here: every command that reaches fleet's index (ls, pnl, logs…) would pay for it otherwise.
  const { execa } = await import('execa');
  const running = execa(options.command, [...options.baseArgs, ...child.args], {
    cwd: options.cwd,
    env: options.env,
    reject: false,
    forceKillAfterDelay: options.graceMs ?? 30_000,
    cancelSignal: options.signal,
    gracefulCancel: false,
    killSignal: 'SIGTERM',
  });
  options.onEvent?.({ kind: 'started', child, pid: running.pid, restarts });
  const stderrTail: string[] = [];
  pipeLines(running, child.label, (label, stream, line) => {
    if (stream === 'stderr') {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    }
    options.onLine(label, stream, line);
  });
  const result = await running;
  return { exitCode: result.exitCode, signal: result.signal, stderrTail };
}

/** Polls the child's flags until none of its bots is halted or killed; false when aborted first. */
async function waitForResume(child: ChildSpec, options: SuperviseOptions): Promise<boolean> {
  const { signal } = options;
  while (!signal.aborted) {
    await sleep(options.haltPollMs ?? 3000, signal);
    if (signal.aborted) return false;
    if (!(await stillHalted(child, options))) return true;
  }
  return false;
}

/** A flag read that fails (database away) counts as still halted: the next poll asks again. */
async function stillHalted(child: ChildSpec, options: SuperviseOptions): Promise<boolean> {
  try {
    return (await options.isHalted?.(child)) ?? false;
  } catch {
    return true;
  }
}

function pipeLines(
  child: ResultPromise,
  label: string,
  onLine: (label: string, stream: 'stdout' | 'stderr', line: string) => void,
): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    let rest = '';
    child[stream]?.setEncoding('utf8');
    child[stream]?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(label, stream, line);
    });
    child[stream]?.on('end', () => {
      if (rest !== '') onLine(label, stream, rest);
    });
  }
}
