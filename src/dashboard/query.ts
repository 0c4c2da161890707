/** A malformed query parameter: answered 400 with this message. */
export class BadQuery extends Error {}

/** `?limit=` as a whole number in [1, max]; undefined when absent. */
export function limitParam(value: string | undefined, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw new BadQuery(`limit must be a whole number from 1 to ${max}, got '${value}'`);
  return n;
}
