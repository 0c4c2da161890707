import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { stopOnSignals } from '../../../src/cli/stop-signal.js';

/**
 * Ctrl-C on `fleet up` reaches each child twice: SIGINT from the terminal (the whole process
 * group), then SIGTERM from the supervisor. Only the same signal twice may cut the stop short.
 */
describe('stopOnSignals', () => {
  let exit: MockInstance<typeof process.exit>;
  let stop: ReturnType<typeof stopOnSignals> | undefined;
  beforeEach(() => {
    exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stop?.dispose();
    stop = undefined;
    vi.restoreAllMocks();
  });

  it('aborts on the first signal and keeps stopping cleanly on a different second one', () => {
    stop = stopOnSignals('stopping');
    process.emit('SIGINT', 'SIGINT');
    expect(stop.signal.aborted).toBe(true);
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).not.toHaveBeenCalled();
  });

  it('exits at once on the same signal twice: 130 for Ctrl-C, 143 for SIGTERM', () => {
    stop = stopOnSignals('stopping');
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    stop.dispose();

    stop = stopOnSignals('stopping');
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).toHaveBeenLastCalledWith(143);
    expect(exit).toHaveBeenCalledTimes(2);
  });

  it('takes a stop asked for in code (--for) as no signal: the first Ctrl-C after it does not exit', () => {
    stop = stopOnSignals('stopping');
    stop.abort();
    process.emit('SIGINT', 'SIGINT');
    expect(exit).not.toHaveBeenCalled();
  });

  it('under a supervisor counts one stop however many signals come: the group and the forwarded one', () => {
    stop = stopOnSignals('stopping', { supervised: true });
    process.emit('SIGTERM', 'SIGTERM'); // kill -TERM -PGID reaches the child...
    process.emit('SIGTERM', 'SIGTERM'); // ...and the supervisor forwards its own
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    expect(stop.signal.aborted).toBe(true);
    expect(exit).not.toHaveBeenCalled();
  });

  it('runs onForce before exiting at once (the supervisor kills its children)', () => {
    const onForce = vi.fn();
    stop = stopOnSignals('stopping', { onForce });
    process.emit('SIGTERM', 'SIGTERM');
    expect(onForce).not.toHaveBeenCalled();
    process.emit('SIGTERM', 'SIGTERM');
    expect(onForce).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(143);
  });
});
