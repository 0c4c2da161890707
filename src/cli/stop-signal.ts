import { stderr } from './terminal.js';

export interface StopOptions {
  /**
   * Run by a supervisor (`fleet up`): a repeated signal does not exit at once. A SIGTERM sent to
   * the whole process group (systemd's stop, `timeout`, `kill -TERM -PGID`) reaches this process
   * and the supervisor alike, and the supervisor forwards its own: that is one stop, not two. The
   * supervisor alone decides on "at once" (it kills its children when it is told twice).
   */
  readonly supervised?: boolean;
  /** Runs just before the process exits at once on a repeated signal (e.g. to kill children). */
  readonly onForce?: () => void;
}

/**
 * An AbortController aborted by the first SIGTERM or SIGINT; the same signal a second time (Ctrl-C
 * twice, SIGTERM twice) exits at once, unless `supervised`. A different one keeps stopping cleanly:
 * Ctrl-C on `fleet up` reaches every child through the terminal's process group, and the
 * supervisor's SIGTERM follows.
 * `on`, not `once`: with no listener of ours left, signal-exit (used by execa to reap children)
 * would re-raise the signal and kill the process before it had finished stopping.
 */
export function stopOnSignals(
  message: string,
  options: StopOptions = {},
): { signal: AbortSignal; abort(): void; dispose(): void } {
  const controller = new AbortController();
  const received = new Set<NodeJS.Signals>();
  const onSignal = (name: NodeJS.Signals) => {
    if (received.has(name) && !options.supervised) {
      stderr.warn(`second ${name}: exiting without finishing`);
      options.onForce?.();
      process.exit(name === 'SIGINT' ? 130 : 143);
    }
    received.add(name);
    if (controller.signal.aborted) return;
    stderr.info(message);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    abort: () => controller.abort(),
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
