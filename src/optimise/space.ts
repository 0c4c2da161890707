import { UsageError } from '../core/index.js';
import { type CheckedSpec, type ParameterSpec, resolveParams } from '../spec/index.js';
import type { Distribution, ParamPoint, ParamValue, SearchSpace } from './samplers/index.js';

/**
 * The search space of a spec: one distribution per parameter, minus the ones the user fixed.
 * Ranges were checked when the spec was validated (empty or inverted ranges never get here).
 */
export function searchSpace(checked: CheckedSpec, fixed: Readonly<Record<string, unknown>> = {}): SearchSpace {
  const space: Record<string, Distribution> = {};
  for (const [name, parameter] of Object.entries(checked.spec.parameters)) {
    if (Object.hasOwn(fixed, name)) continue;
    space[name] = distributionOf(parameter);
  }
  if (Object.keys(space).length === 0) {
    throw new UsageError(`${checked.spec.name} has no parameter left to optimise`);
  }
  return space;
}

function distributionOf(p: ParameterSpec): Distribution {
  switch (p.type) {
    case 'int':
      return { kind: 'int', low: p.min, high: p.max, step: p.step ?? 1, log: p.log ?? false };
    case 'float':
      return { kind: 'float', low: p.min, high: p.max, step: p.step, log: p.log ?? false };
    case 'bool':
      return { kind: 'categorical', choices: [false, true] };
    case 'choice':
      return { kind: 'categorical', choices: p.options };
  }
}

/**
 * The values one step either side of `value`, for the robustness check: the grid step for ints
 * and stepped floats, a twentieth of the range (a twentieth of its log range for log scales)
 * otherwise, the neighbouring option of a numeric choice. Booleans and string choices have no
 * neighbours. A side that would leave the range is omitted.
 */
export function neighbours(distribution: Distribution, value: ParamValue): { below?: ParamValue; above?: ParamValue } {
  if (distribution.kind === 'categorical') {
    if (typeof value !== 'number' || !distribution.choices.every((c) => typeof c === 'number')) return {};
    const sorted = [...(distribution.choices as number[])].sort((a, b) => a - b);
    const at = sorted.indexOf(value);
    return { below: sorted[at - 1], above: sorted[at + 1] };
  }
  const v = value as number;
  const { low, high } = distribution;
  let below: number;
  let above: number;
  if (distribution.step !== undefined) {
    below = v - distribution.step;
    above = v + distribution.step;
  } else if (distribution.log) {
    const factor = (high / low) ** (1 / 20);
    below = v / factor;
    above = v * factor;
  } else {
    below = v - (high - low) / 20;
    above = v + (high - low) / 20;
  }
  const inRange = (x: number) => x >= low - 1e-12 && x <= high + 1e-12;
  const tidy = (x: number) => (distribution.kind === 'int' ? Math.round(x) : Number(x.toPrecision(12)));
  return { below: inRange(below) ? tidy(below) : undefined, above: inRange(above) ? tidy(above) : undefined };
}

/** Whether a point (with the fixed values) passes the spec's ranges, grids and constraints. */
export function feasibleFor(checked: CheckedSpec, fixed: Readonly<Record<string, unknown>> = {}) {
  return (point: ParamPoint): boolean => {
    try {
      resolveParams(checked, { ...fixed, ...point });
      return true;
    } catch {
      return false;
    }
  };
}
