import type { Candles } from '../core/index.js';
import { formatTimestamp } from './csv-timestamp.js';

export const CSV_HEADER = 'time,open,high,low,close,volume';

/**
 * Bars as CSV: ISO-8601 UTC times and numbers in JavaScript's shortest round-trip form, so
 * parseCandlesCsv gives back exactly the same doubles.
 */
export function formatCandlesCsv(candles: Candles): string {
  const { time, open, high, low, close, volume } = candles;
  const lines: string[] = new Array(candles.length + 1);
  lines[0] = CSV_HEADER;
  for (let i = 0; i < candles.length; i++) {
    lines[i + 1] = `${formatTimestamp(time[i])},${open[i]},${high[i]},${low[i]},${close[i]},${volume[i]}`;
  }
  return `${lines.join('\n')}\n`;
}
