/**
 * Names that would reach an object's prototype instead of its own data: JSON.parse keeps a
 * `"__proto__"` key as an own property, but assigning or spreading it (as validation does) drops it
 * silently, and `constructor` or `prototype` read through a plain object find inherited values.
 * Such names are refused wherever a file or a flag names something.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export function isReservedKey(name: string): boolean {
  return RESERVED_KEYS.includes(name);
}

/**
 * The path (keys and array indexes from the root) of the first reserved key in parsed JSON, in
 * document order, or undefined. Iterative, so no nesting depth exhausts the stack.
 */
export function findReservedKey(json: unknown): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: json, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value !== 'object' || value === null) continue;
    const children: { value: unknown; path: (string | number)[] }[] = [];
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) children.push({ value: item, path: [...path, i] });
    } else {
      for (const key of Object.keys(value)) {
        if (isReservedKey(key)) return [...path, key];
        children.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
    // Pushed in reverse, so the first child is looked at first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}
