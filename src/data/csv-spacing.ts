import type { VenueCalendar } from '../calendar/index.js';
import { TIMEFRAMES, type Timeframe, timeframeMs } from '../core/index.js';
import type { ProblemCollector } from './csv-error.js';
import { formatDuration, formatTimestamp } from './csv-timestamp.js';

export interface SpacingInput {
  readonly file: string;
  readonly time: Float64Array;
  /** 1 where the row's time parsed. */
  readonly timeValid: Uint8Array;
  /** The 1-based line of each data row. */
  readonly lineOf: (row: number) => number;
  readonly timeframe: Timeframe | undefined;
  readonly strictGaps: boolean;
  /** The venue's calendar: bars missing while it is closed are no gap. */
  readonly calendar?: VenueCalendar;
}

/** The most common positive spacing between consecutive rows, or undefined with fewer than two. */
function mostCommonSpacing(time: Float64Array, timeValid: Uint8Array): number | undefined {
  const counts = new Map<number, number>();
  for (let i = 1; i < time.length; i++) {
    if (!timeValid[i] || !timeValid[i - 1]) continue;
    const spacing = time[i] - time[i - 1];
    if (spacing > 0) counts.set(spacing, (counts.get(spacing) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [spacing, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && spacing < best)) {
      best = spacing;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Settles the timeframe (given, or inferred from the most common spacing) and checks every step
 * against it. Missing bars are gaps, which real data has (exchange downtime), so they are warnings
 * unless strictGaps; with a venue's calendar only bars that fall in its sessions count as missing
 * (a night, weekend or holiday is no gap); a step shorter than the timeframe or off its grid is always a problem.
 */
export function checkSpacing(
  input: SpacingInput,
  problems: ProblemCollector,
  warnings: string[],
): Timeframe | undefined {
  const { file, time, timeValid, lineOf, strictGaps } = input;
  const spacing = mostCommonSpacing(time, timeValid);
  let timeframe = input.timeframe;
  if (timeframe) {
    if (spacing !== undefined && spacing !== timeframeMs(timeframe)) {
      // Data of another bar length: one problem, not one per row.
      problems.add(
        lineOf(0),
        `bars are most often ${formatDuration(spacing)} apart, but the timeframe is ${timeframe}`,
      );
      return timeframe;
    }
  } else {
    if (spacing === undefined) return undefined;
    timeframe = TIMEFRAMES.find((candidate) => timeframeMs(candidate) === spacing);
    if (!timeframe) {
      warnings.push(
        `${file}: bars are most often ${formatDuration(spacing)} apart, which is no known timeframe; gaps not checked`,
      );
      return undefined;
    }
  }
  const barMs = timeframeMs(timeframe);
  for (let i = 1; i < time.length; i++) {
    if (!timeValid[i] || !timeValid[i - 1]) continue;
    const step = time[i] - time[i - 1];
    // Non-positive steps were reported as unsorted or duplicate rows already.
    if (step <= 0 || step === barMs) continue;
    const line = lineOf(i);
    const previousLine = lineOf(i - 1);
    if (step < barMs) {
      problems.add(line, `bar only ${formatDuration(step)} after line ${previousLine}, less than one ${timeframe} bar`);
    } else if (step % barMs !== 0) {
      problems.add(
        line,
        `bar ${formatDuration(step)} after line ${previousLine}, not a whole number of ${timeframe} bars`,
      );
    } else {
      const missing = input.calendar
        ? input.calendar.tradingBarsBetween(time[i - 1], time[i], barMs)
        : step / barMs - 1;
      if (missing === 0) continue;
      const message = `gap of ${missing} bar${missing === 1 ? '' : 's'} after ${formatTimestamp(time[i - 1])}`;
      if (strictGaps) problems.add(line, message);
      else warnings.push(`${file}:${line}: ${message}`);
    }
  }
  return timeframe;
}
