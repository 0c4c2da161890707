import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const script = new URL('./store-process.ts', import.meta.url).pathname;

export interface StoreChild {
  readonly process: ChildProcess;
  /** The child's report once its store is open. */
  readonly ready: Promise<{ role: string; pid: number; events: string[] }>;
  /** Ends its stdin and waits for it to close the store and exit. */
  stop(): Promise<number | null>;
}

/** Starts test/helpers/store-process.ts in its own Node process on the embedded database in `dir`. */
export function startStoreChild(dir: string, message: string): StoreChild {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, message], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<{ role: string; pid: number; events: string[] }>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve(JSON.parse(line)));
    exited.then((code) => reject(new Error(`store child exited with ${code}: ${stderr}`)));
  });
  ready.catch(() => {});
  return {
    process: child,
    ready,
    stop: () => {
      child.stdin?.end();
      return exited;
    },
  };
}
