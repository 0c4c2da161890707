import { UsageError } from '../../core/index.js';

/** Option checks shared by the samplers; a bad option is the caller's mistake (UsageError). */

export function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isFinite(seed))
    throw new UsageError(`seed must be a finite number, got ${String(seed)}`);
  return seed;
}

export function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`${name} must be a whole number >= ${min}, got ${value}`);
  return value;
}

export function checkNonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${name} must be a finite number >= 0, got ${value}`);
  return value;
}

export function checkPositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a finite number > 0, got ${value}`);
  return value;
}
