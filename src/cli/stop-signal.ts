import { stderr } from './terminal.js';

/**
 * An AbortController aborted by the first SIGTERM or SIGINT; the same signal a second time (Ctrl-C
 * twice, SIGTERM twice) exits at once. A different one keeps stopping cleanly: Ctrl-C on `fleet up`
 * reaches every child through the terminal's process group, and the supervisor's SIGTERM follows.
 * `on`, not `once`: with no listener of ours left, signal-exit (used by execa to reap children)
 * would re-raise the signal and kill the process before it had finished stopping.
 */
export function stopOnSignals(message: string): { signal: AbortSignal; abort(): void; dispose(): void } {
  const controller = new AbortController();
  const received = new Set<NodeJS.Signals>();
  const onSignal = (name: NodeJS.Signals) => {
    if (received.has(name)) {
      stderr.warn(`second ${name}: exiting without finishing`);
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
