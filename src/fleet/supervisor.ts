import { execa, type ResultPromise } from 'execa';

export interface ChildSpec {
  /** Shown before each line the child prints, e.g. `a,b`. */
  readonly label: string;
  readonly args: readonly string[];
}

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
  readonly onLine: (label: string, stream: 'stdout' | 'stderr', line: string) => void;
  readonly onExit?: (label: string, exitCode: number | undefined, restartInMs: number | undefined) => void;
}

export interface ChildOutcome {
  readonly label: string;
  readonly restarts: number;
  readonly lastExitCode: number | undefined;
}

/** Exit code 3 is a safety halt: a human has to look, so the supervisor does not restart it. */
const HALTED = 3;

/**
 * Keeps each child process running until `signal` aborts: a child that exits unexpectedly is
 * restarted after a backoff (except a safety halt), its output is passed on line by line under
 * its label, and on abort every child gets SIGTERM (finish the tick, release leases) and, after
 * the grace period, SIGKILL.
 */
export async function supervise(options: SuperviseOptions): Promise<ChildOutcome[]> {
  return Promise.all(options.children.map((child) => keepRunning(child, options)));
}

async function keepRunning(child: ChildSpec, options: SuperviseOptions): Promise<ChildOutcome> {
  const { signal } = options;
  let restarts = 0;
  let failures = 0;
  let lastExitCode: number | undefined;
  while (!signal.aborted) {
    const started = Date.now();
    const process = execa(options.command, [...options.baseArgs, ...child.args], {
      cwd: options.cwd,
      env: options.env,
      reject: false,
      forceKillAfterDelay: options.graceMs ?? 30_000,
      cancelSignal: signal,
      gracefulCancel: false,
      killSignal: 'SIGTERM',
    });
    pipeLines(process, child.label, options.onLine);
    const result = await process;
    lastExitCode = result.exitCode;
    if (signal.aborted) break;
    if (result.exitCode === HALTED) {
      options.onExit?.(child.label, result.exitCode, undefined);
      break;
    }
    failures = Date.now() - started >= (options.healthyAfterMs ?? 60_000) ? 1 : failures + 1;
    const wait = Math.min(options.maxBackoffMs ?? 60_000, (options.backoffMs ?? 1000) * 2 ** (failures - 1));
    options.onExit?.(child.label, result.exitCode, wait);
    restarts++;
    await sleep(wait, signal);
  }
  return { label: child.label, restarts, lastExitCode };
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
