import { parseSince } from '../../fleet/index.js';
import { wholeNumber } from '../flags.js';

/** `--since` and `--limit` as fleet logs, trades and orders take them. */
export interface WindowFlags {
  since?: string;
  limit?: string;
}

/** The window the flags ask for, with only the fields given (a bad value is a UsageError). */
export function windowQuery(flags: WindowFlags): { since?: Date; limit?: number } {
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const limit = wholeNumber('--limit', flags.limit, 1);
  return { ...(since === undefined ? {} : { since }), ...(limit === undefined ? {} : { limit }) };
}
