/**
 * What parsed JSON from a user's file may not hold, whatever its schema says.
 *
 * Reserved keys: names that would reach an object's prototype instead of its own data. JSON.parse
 * keeps a `"__proto__"` key as an own property, but assigning or spreading it (as validation does)
 * drops it silently, and `constructor` or `prototype` read through a plain object find inherited
 * values. Such names are refused wherever a file or a flag names something.
 *
 * Depth: JSON.parse reads any nesting, but JSON.stringify, zod and every other recursive walk run
 * out of stack a few thousand levels down, where the error names no file. No file of fleet's
 * nests anywhere near MAX_JSON_DEPTH.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
export const MAX_JSON_DEPTH = 32;

export function isReservedKey(name: string): boolean {
  return RESERVED_KEYS.includes(name);
}

export function reservedKeyMessage(name: string): string {
  return `'${name}' is reserved (no name may be ${RESERVED_KEYS.join(', ')})`;
}

export interface JsonHazard {
  /** Keys and array indexes from the root to the offending key or value. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The first reserved key, or value nested deeper than MAX_JSON_DEPTH, in document order; or
 * undefined. Iterative, so no nesting exhausts the stack here.
 */
export function findJsonHazard(json: unknown): JsonHazard | undefined {
  type Item = { value: unknown; path: (string | number)[] };
  const stack: Item[] = [{ value: json, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as Item;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { path, message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    const children: Item[] = [];
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) children.push({ value: item, path: [...path, i] });
    } else {
      for (const key of Object.keys(value)) {
        if (isReservedKey(key)) return { path: [...path, key], message: reservedKeyMessage(key) };
        children.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
    // Pushed in reverse, so the first child is looked at first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}
