import { type NewEvent, recordEvent, type Store } from '../../store/index.js';
import type { SupervisorEvent } from './supervise.js';

/**
 * The events a supervisor records for what happens to its children, one per bot of the child:
 * `crashed` (error) when a child died unexpectedly, with its exit code or signal and the tail of
 * its stderr, and `restarted` (info) when it is started again. Nothing for the rest (a child
 * stopping on request, a halt, which the runner itself records).
 */
export function supervisorEvents(event: SupervisorEvent): NewEvent[] {
  const { child } = event;
  if (event.kind === 'restarting') {
    const how =
      event.exitCode === undefined && event.signal !== undefined ? `signal ${event.signal}` : `code ${event.exitCode}`;
    const last = event.stderrTail.at(-1);
    return child.bots.map((bot) => ({
      bot,
      level: 'error',
      kind: 'crashed',
      message: `runner (${child.label}) exited with ${how}; restarting in ${event.inMs} ms${last ? `: ${last}` : ''}`,
      data: {
        child: child.label,
        exitCode: event.exitCode ?? null,
        signal: event.signal ?? null,
        restartInMs: event.inMs,
        stderrTail: event.stderrTail,
      },
    }));
  }
  if (event.kind === 'started' && event.restarts > 0) {
    return child.bots.map((bot) => ({
      bot,
      level: 'info',
      kind: 'restarted',
      message: `runner (${child.label}) restarted (restart ${event.restarts})`,
      data: { child: child.label, pid: event.pid ?? null, restarts: event.restarts },
    }));
  }
  return [];
}

/** Records supervisorEvents(event); the caller decides what a failed write means (it logs it). */
export async function recordSupervisorEvent(store: Store, event: SupervisorEvent): Promise<void> {
  for (const record of supervisorEvents(event)) await recordEvent(store, record);
}
