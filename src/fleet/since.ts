import { UsageError } from '../core/index.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * A window start as people write it: a duration back from `now` (`30m`, `24h`, `7d`, `2w`), a UTC
 * date (`2026-11-01`) or an ISO 8601 time. Anything else is a UsageError naming `flag`.
 */
export function parseSince(text: string, now: number = Date.now(), flag = '--since'): Date {
  const value = text.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(value);
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isFinite(time)) return new Date(time);
  }
  throw new UsageError(
    `${flag} must be a duration such as 24h or 7d, a date such as 2026-11-01, or an ISO time; got '${text}'`,
  );
}
