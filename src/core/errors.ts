/**
 * The one error tree of fleet. Every error a user can cause carries the exit code the CLI maps it
 * to, so `src/cli/main.ts` needs exactly one catch:
 *   1 failure (bad file content, failed run), 2 usage (flags, arguments), 3 refused for safety.
 */
export const ExitCode = { ok: 0, failure: 1, usage: 2, safety: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class FleetError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = ExitCode.failure, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A flag, argument or option the user gave is wrong: exit 2. */
export class UsageError extends FleetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** A file or data the user supplied is malformed (spec, CSV, config): exit 1. */
export class InputError extends FleetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.failure, options);
  }
}

/** The action was refused to keep money safe (risk halt, mismatch, promotion gate): exit 3. */
export class SafetyError extends FleetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.safety, options);
  }
}

/**
 * A broker or exchange could not be reached or did not answer in time. Temporary by nature: the
 * state of the request is unknown, so the caller asks again (by client order id) before acting.
 */
export class BrokerUnavailableError extends FleetError {}

/**
 * A runner's lease token is no longer current: another runner took the bot over (its lease
 * expired while this one was frozen or cut off). Nothing was written; the runner must stop at
 * once without writing anything else (not even a halt: the bot is someone else's now).
 */
export class FencedOutError extends FleetError {}
