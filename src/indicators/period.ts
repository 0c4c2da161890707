import { UsageError } from '../core/index.js';

/** Window lengths come from user specs, so a bad one is a usage error, not a crash later on. */
export function checkPeriod(indicator: string, label: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${indicator}: ${label} must be a whole number >= 1, got ${String(value)}`);
  }
  return value;
}
