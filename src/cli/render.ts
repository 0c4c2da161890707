import { stripVTControlCharacters } from 'node:util';
import { color } from './terminal.js';

/** Plain-text tables and number formats for the terminal. */

export type Align = 'left' | 'right';
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  readonly align?: Align;
}

const visibleLength = (text: string): number => stripVTControlCharacters(text).length;
const pad = (text: string, width: number, align: Align): string => {
  const gap = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? gap + text : text + gap;
};

export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((r) => visibleLength(r[i]))));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => pad(v, widths[i], columns[i].align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [color.bold(line(columns.map((c) => c.header))), ...cells.map(line)].join('\n');
}

/** Two aligned columns: label, value. */
export function keyValues(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

export const percent = (x: number, digits = 2): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '-');
export const fixed = (x: number | null, digits = 2): string =>
  x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits);
export const signedColor = (text: string, x: number): string =>
  x > 0 ? color.green(text) : x < 0 ? color.red(text) : text;
export const isoDate = (ms: number): string =>
  Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : '-';
/** A trade count as fleet ls and fleet pnl show it: `3`, or `2 + 1 open` while a position is held. */
export const tradeCount = (closed: number, open: number): string =>
  open > 0 ? `${closed} + ${open} open` : String(closed);

/** A count with its noun, singular or plural: `1 problem`, `3 problems`. */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
