import { UsageError } from './errors.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export const TIMEFRAMES = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/** A round-the-clock market's year: what crypto's annualised figures count. */
export const YEAR_MS = 365 * UNIT_MS.d;

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

export function parseTimeframe(value: string): Timeframe {
  if (isTimeframe(value)) return value;
  throw new UsageError(`unknown timeframe '${value}' (expected one of ${TIMEFRAMES.join(', ')})`);
}

export function timeframeMs(timeframe: Timeframe): number {
  const unit = timeframe.slice(-1) as keyof typeof UNIT_MS;
  return Number(timeframe.slice(0, -1)) * UNIT_MS[unit];
}

/** Bars in a year of round-the-clock trading, the annualisation factor for per-bar statistics. */
export function barsPerYear(timeframe: Timeframe): number {
  return YEAR_MS / timeframeMs(timeframe);
}
