import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * A small pool of worker threads for CPU-bound research work (screening, optimisation trials).
 * Tasks and results cross threads by structured clone, so they must be plain data. A task that
 * throws comes back as a failed result: one bad instrument never sinks a whole screen.
 */

export type TaskResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

interface Request {
  readonly id: number;
  readonly task: unknown;
}
interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Starts the worker thread side: call it at the top level of a worker entry module.
 * It does nothing when the module is imported on the main thread.
 */
export function serveTasks<TTask, TResult>(handle: (task: TTask) => TResult | Promise<TResult>): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', async ({ id, task }: Request) => {
    try {
      port.postMessage({ id, ok: true, value: await handle(task as TTask) } satisfies Reply);
    } catch (error) {
      port.postMessage({
        id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies Reply);
    }
  });
}

/**
 * Starts a worker for an entry module. Compiled (.js) entries start directly; a TypeScript entry
 * (tests and `tsx` runs from source) starts through tsx's loader, registered inside the thread.
 */
function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true });
}

export interface RunTasksOptions<TResult> {
  /** Threads to start; never more than there are tasks. */
  readonly workers?: number;
  /** Called as each task finishes, in completion order. */
  readonly onResult?: (index: number, result: TaskResult<TResult>) => void;
}

/** Runs every task on a pool of workers started from `entry`; results keep the tasks' order. */
export async function runTasks<TTask, TResult>(
  entry: URL,
  tasks: readonly TTask[],
  options: RunTasksOptions<TResult> = {},
): Promise<TaskResult<TResult>[]> {
  const results: TaskResult<TResult>[] = new Array(tasks.length);
  if (tasks.length === 0) return results;
  const size = Math.max(1, Math.min(options.workers ?? defaultWorkerCount(), tasks.length));
  let next = 0;
  const workers = Array.from({ length: size }, () => startWorker(entry));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const dispatch = () => {
              if (next >= tasks.length) return resolve();
              const id = next++;
              worker.postMessage({ id, task: tasks[id] } satisfies Request);
            };
            worker.on('message', (reply: Reply) => {
              const result: TaskResult<TResult> = reply.ok
                ? { ok: true, value: reply.value as TResult }
                : { ok: false, error: reply.error ?? 'unknown error' };
              results[reply.id] = result;
              options.onResult?.(reply.id, result);
              dispatch();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (next < tasks.length || code !== 0)
                reject(new Error(`a worker thread stopped with exit code ${code}`));
            });
            dispatch();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
