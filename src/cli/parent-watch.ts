import { pidAlive } from '../core/index.js';

/**
 * Calls `onGone` once when the supervisor that started this process has died: the kernel gives an
 * orphan a new parent (pid 1, or a subreaper), so `process.ppid` changes, and a supervisor that is
 * a zombie is not alive either. Looked at now and every `everyMs`; the timer never keeps the
 * process up. Returns a function that stops watching.
 */
export function watchSupervisor(supervisorPid: number, onGone: () => void, everyMs = 500): () => void {
  let done = false;
  const look = () => {
    if (done || (process.ppid === supervisorPid && pidAlive(supervisorPid))) return;
    done = true;
    clearInterval(timer);
    onGone();
  };
  const timer = setInterval(look, everyMs);
  timer.unref();
  look();
  return () => {
    done = true;
    clearInterval(timer);
  };
}

/**
 * A supervised process prints through pipes its supervisor reads: once the supervisor is gone,
 * every write fails with EPIPE, which would crash the process in the middle of stopping (leases
 * held, no `stopped` event). Such output has no reader left, so it is dropped instead.
 */
export function outliveOutputPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
