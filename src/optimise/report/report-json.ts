import type { InstrumentReport } from './types.js';

const isNumberList = (value: unknown): value is ArrayLike<number | null> =>
  ArrayBuffer.isView(value) || (Array.isArray(value) && value.every((v) => v === null || typeof v === 'number'));

function write(value: unknown, indent: string): string {
  // Lists of numbers (the equity curves) stay on one line: thousands of one-number lines help nobody.
  if (isNumberList(value)) return JSON.stringify(Array.from(value));
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  // JSON.stringify turns NaN and infinities into null, as JSON.parse expects.
  return JSON.stringify(value) ?? 'null';
}

/** The report as indented JSON, each number list on one line; JSON.parse gives the report back. */
export function reportToJson(report: InstrumentReport): string {
  return `${write(report, '')}\n`;
}
