import { type Clock, type ClockAnchor, type SandboxLedger, sleep, UsageError } from '../../core/index.js';

/**
 * A compressed clock: `speed` simulated milliseconds pass per real one, from an anchor kept in the
 * ledger so that simulated time continues across restarts instead of starting over.
 */
export class SpeedClock implements Clock {
  constructor(readonly anchor: ClockAnchor) {
    if (!(anchor.speed > 0 && Number.isFinite(anchor.speed))) {
      throw new UsageError(`clock speed must be a positive number, got ${anchor.speed}`);
    }
  }

  now(): number {
    const { simOrigin, realOrigin, speed } = this.anchor;
    return Math.floor(simOrigin + (Date.now() - realOrigin) * speed);
  }

  async sleepUntil(time: number, signal?: AbortSignal): Promise<void> {
    // A timer may fire a little early; wait again for what is left. `sleep` takes care of waits
    // beyond setTimeout's 24.8-day limit (a slow clock's next bar may be that far off).
    for (let left = time - this.now(); left > 0 && !signal?.aborted; left = time - this.now()) {
      await sleep(Math.ceil(left / this.anchor.speed), signal);
    }
  }
}

/** Real time. */
export class WallClock extends SpeedClock {
  constructor() {
    super({ simOrigin: 0, realOrigin: 0, speed: 1 });
  }
}

/** The named sandbox clock at `speed`, anchored now on first use and continued after that. */
export async function anchorSandboxClock(ledger: SandboxLedger, name: string, speed: number): Promise<SpeedClock> {
  if (!(speed > 0 && Number.isFinite(speed)))
    throw new UsageError(`clock speed must be a positive number, got ${speed}`);
  const now = Date.now();
  return new SpeedClock(await ledger.clockAnchor(name, { simOrigin: now, realOrigin: now, speed }));
}

/** Time that moves only when told: replays and tests. Sleeping moves it to the wake-up time. */
export class ManualClock implements Clock {
  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  set(time: number): void {
    this.time = time;
  }

  async sleepUntil(time: number): Promise<void> {
    this.time = Math.max(this.time, time);
  }
}
