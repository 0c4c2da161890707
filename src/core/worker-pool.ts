import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * Worker threads for CPU-bound research work (screening, optimisation trials). Tasks and results
 * cross threads by structured clone, so they must be plain data. A task that throws comes back as
 * a failed result: one bad instrument or trial never sinks the whole run.
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
    port.postMessage({ id, ...(await settle(() => handle(task as TTask))) } satisfies Reply);
  });
}

/**
 * Runs a task and shapes its outcome as a worker's reply, so a task run on the caller's thread
 * (no workers) reports exactly as one run on a worker does.
 */
export async function settle<T>(work: () => T | Promise<T>): Promise<TaskResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
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

interface Slot {
  readonly worker: Worker;
  busy: boolean;
}

/**
 * A fixed set of threads that takes tasks as they come: `run` resolves with the task's result
 * once a thread is free and has done it. Suits work whose next task depends on earlier results
 * (an optimiser proposing trials); `runTasks` below covers a fixed list.
 */
export class WorkerPool<TTask, TResult> {
  private readonly slots: Slot[];
  private readonly queue: { task: TTask; resolve: (r: TaskResult<TResult>) => void }[] = [];
  private readonly pending = new Map<number, { slot: Slot; resolve: (r: TaskResult<TResult>) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(entry: URL, size: number = defaultWorkerCount()) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({ worker: startWorker(entry), busy: false }));
    for (const slot of this.slots) {
      slot.worker.on('message', (reply: Reply) => this.finish(reply));
      slot.worker.on('error', (error) => this.fail(error));
      slot.worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a worker thread stopped with exit code ${code}`));
      });
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(task: TTask): Promise<TaskResult<TResult>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      const id = this.nextId++;
      slot.busy = true;
      this.pending.set(id, { slot, resolve: next.resolve });
      slot.worker.postMessage({ id, task: next.task } satisfies Request);
    }
  }

  private finish(reply: Reply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    entry.slot.busy = false;
    entry.resolve(
      reply.ok ? { ok: true, value: reply.value as TResult } : { ok: false, error: reply.error ?? 'unknown error' },
    );
    this.dispatch();
  }

  /** A thread that dies takes its task with it: every waiting task fails with the reason. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    const message = error.message;
    for (const { resolve } of this.pending.values()) resolve({ ok: false, error: message });
    for (const { resolve } of this.queue.splice(0)) resolve({ ok: false, error: message });
    this.pending.clear();
  }
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
  if (tasks.length === 0) return [];
  const size = Math.max(1, Math.min(options.workers ?? defaultWorkerCount(), tasks.length));
  const pool = new WorkerPool<TTask, TResult>(entry, size);
  try {
    return await Promise.all(
      tasks.map((task, index) =>
        pool.run(task).then((result) => {
          options.onResult?.(index, result);
          return result;
        }),
      ),
    );
  } finally {
    await pool.close();
  }
}
