import { UsageError } from '../../core/index.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10m`, `2h`, `7d` (or a bare number of seconds) in milliseconds. */
export function parseDuration(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match || !(Number(match[1]) > 0)) {
    throw new UsageError(`${flag} must be a duration such as 90s, 10m, 2h or 7d, got '${value}'`);
  }
  return Number(match[1]) * UNIT_MS[match[2] ?? 's'];
}
