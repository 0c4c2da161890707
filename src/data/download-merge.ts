import type { VenueCalendar } from '../calendar/index.js';
import { allocateCandles, CANDLE_COLUMNS, type Candles } from '../core/index.js';

/**
 * One series from cached and fresh bars, by time; where both hold a bar, the fresh one wins (the
 * exchange may have corrected it). Both inputs are strictly ascending, so one pass suffices.
 */
export function mergeCandles(cached: Candles | undefined, fresh: Candles): Candles {
  if (!cached || cached.length === 0) return fresh;
  const order: [Candles, number][] = [];
  let i = 0;
  let j = 0;
  while (i < cached.length || j < fresh.length) {
    const a = i < cached.length ? cached.time[i] : Number.POSITIVE_INFINITY;
    const b = j < fresh.length ? fresh.time[j] : Number.POSITIVE_INFINITY;
    if (b <= a) {
      order.push([fresh, j++]);
      if (a === b) i++;
    } else {
      order.push([cached, i++]);
    }
  }
  const merged = allocateCandles(order.length);
  order.forEach(([from, index], k) => {
    for (const column of CANDLE_COLUMNS) merged[column][k] = from[column][index];
  });
  return merged;
}

export interface CandleGap {
  /** Open time of the last bar before the gap. */
  readonly after: number;
  readonly missingBars: number;
}

/** Where consecutive times are further apart than one bar (with a calendar: bars its sessions should have had). */
export function findGaps(times: ArrayLike<number>, stepMs: number, calendar?: VenueCalendar): CandleGap[] {
  const gaps: CandleGap[] = [];
  for (let k = 1; k < times.length; k++) {
    const spacing = times[k] - times[k - 1];
    if (spacing <= stepMs) continue;
    const missingBars = calendar
      ? calendar.tradingBarsBetween(times[k - 1], times[k], stepMs)
      : Math.round(spacing / stepMs) - 1;
    if (missingBars > 0) gaps.push({ after: times[k - 1], missingBars });
  }
  return gaps;
}
