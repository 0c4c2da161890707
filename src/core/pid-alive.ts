import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid exists on this host and has not exited (one we may not signal
 * counts as alive). A zombie (exited, not yet reaped by its parent: Linux state `Z`, or `X` while
 * it is being reaped) is not alive: it holds nothing, trades nothing and will never heartbeat.
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !exited(pid);
}

/** The process's state letter says it has exited (Linux /proc; elsewhere nothing says so). */
function exited(pid: number): boolean {
  const state = processState(pid);
  return state === 'Z' || state === 'X' || state === 'x';
}

/**
 * The state letter of /proc/PID/stat: the field after the command name, which is in parentheses
 * and may itself contain spaces and parentheses, hence the last `)`. Undefined without /proc.
 */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) || undefined;
  } catch {
    return undefined;
  }
}

/** The process's command line (Linux /proc/PID/cmdline); undefined where it cannot be read. */
export function processArgs(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw === '' ? undefined : raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}
