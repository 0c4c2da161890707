/**
 * Orders named definitions so each comes after the ones it uses, keeping declaration order
 * where dependencies allow. `deps` may mention names outside `names`; they are ignored.
 * Names on a cycle are left out of `order` and each cycle is reported once, as a path that starts
 * and ends at its earliest-declared member: ['a', 'b', 'a'].
 */
export function topoSort(
  names: readonly string[],
  deps: ReadonlyMap<string, readonly string[]>,
): { order: string[]; cycles: string[][] } {
  const known = new Set(names);
  const state = new Map<string, 'visiting' | 'done' | 'cyclic'>();
  const order: string[] = [];
  const cycles: string[][] = [];
  const stack: string[] = [];

  // Returns false when `name` is on or depends on a cycle.
  const visit = (name: string): boolean => {
    const seen = state.get(name);
    if (seen === 'done') return true;
    if (seen === 'cyclic') return false;
    if (seen === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      cycles.push(rotateToEarliest(cycle, names));
      for (const member of cycle) state.set(member, 'cyclic');
      return false;
    }
    state.set(name, 'visiting');
    stack.push(name);
    let ok = true;
    for (const dep of deps.get(name) ?? []) {
      if (known.has(dep) && !visit(dep)) ok = false;
    }
    stack.pop();
    if (state.get(name) === 'visiting') state.set(name, ok ? 'done' : 'cyclic');
    if (ok) order.push(name);
    return ok;
  };

  for (const name of names) visit(name);
  return { order, cycles };
}

function rotateToEarliest(cycle: string[], names: readonly string[]): string[] {
  const ring = cycle.slice(0, -1);
  let start = 0;
  ring.forEach((name, i) => {
    if (names.indexOf(name) < names.indexOf(ring[start])) start = i;
  });
  const rotated = [...ring.slice(start), ...ring.slice(0, start)];
  return [...rotated, rotated[0]];
}
