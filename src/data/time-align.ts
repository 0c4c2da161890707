import { type Timeframe, timeframeMs } from '../core/index.js';

// 1970-01-05 was a Monday: weekly bars open on Mondays, as on exchanges.
const WEEK_OFFSET_MS = 4 * 86_400_000;

/** The first bar boundary of the timeframe at or after `time` (epoch ms). */
export function alignBarTime(time: number, timeframe: Timeframe): number {
  const step = timeframeMs(timeframe);
  const offset = timeframe === '1w' ? WEEK_OFFSET_MS : 0;
  return offset + Math.ceil((time - offset) / step) * step;
}
