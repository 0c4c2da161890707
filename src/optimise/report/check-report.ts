import { InputError } from '../../core/index.js';
import type { InstrumentReport } from './types.js';

/** Catches a report whose equity arrays cannot be drawn, before anything is rendered or written. */
export function checkReport(report: InstrumentReport): void {
  const { time, strategy, buyAndHold, splitIndex } = report.equity;
  const where = `report of ${report.spec} on ${report.symbol}`;
  if (strategy.length !== time.length || buyAndHold.length !== time.length)
    throw new InputError(
      `${where}: equity has ${time.length} times, ${strategy.length} strategy values and ${buyAndHold.length} buy-and-hold values; they must match`,
    );
  if (!Number.isInteger(splitIndex) || splitIndex < 0 || splitIndex > time.length)
    throw new InputError(`${where}: equity splitIndex ${splitIndex} is outside 0..${time.length}`);
}
