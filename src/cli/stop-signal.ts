import { stderr } from './terminal.js';

/**
 * An AbortController aborted by the first SIGTERM or SIGINT; a second one exits at once. `on`,
 * not `once`: with no listener of ours left, signal-exit (used by execa to reap children) would
 * re-raise the signal and kill the process before it had finished stopping.
 */
export function stopOnSignals(message: string): { signal: AbortSignal; abort(): void; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stderr.warn(`second ${name}: exiting without finishing`);
      process.exit(name === 'SIGINT' ? 130 : 143);
    }
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
