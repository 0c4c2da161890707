import type { TaskResult } from '../core/index.js';
import type { Distribution, ParamPoint, ParamValue, SearchSpace } from './samplers/index.js';
import { neighbours } from './space.js';
import type { TrialOutcome } from './trial-task.js';

export interface RobustnessRow {
  readonly param: string;
  readonly value: ParamValue;
  /** The in-sample objective at the best parameters. */
  readonly best: number;
  readonly below?: { readonly value: ParamValue; readonly objective: number | null };
  readonly above?: { readonly value: ParamValue; readonly objective: number | null };
}

/**
 * The in-sample objective one step either side of each parameter's best value, the others held:
 * a peak that falls away on both sides is a lonely spike, likely noise rather than an edge.
 * Neighbours that break the spec's constraints are left out.
 */
export async function robustness(
  space: SearchSpace,
  best: ParamPoint,
  bestValue: number,
  feasible: (point: ParamPoint) => boolean,
  evaluate: (point: ParamPoint) => Promise<TaskResult<TrialOutcome>>,
): Promise<RobustnessRow[]> {
  const side = async (param: string, value: ParamValue | undefined) => {
    if (value === undefined) return undefined;
    const point = { ...best, [param]: value };
    if (!feasible(point)) return undefined;
    const result = await evaluate(point);
    return { value, objective: result.ok ? result.value.value : null };
  };
  const rows = Object.entries(space).map(async ([param, distribution]: [string, Distribution]) => {
    const { below, above } = neighbours(distribution, best[param]);
    if (below === undefined && above === undefined) return undefined;
    const [b, a] = await Promise.all([side(param, below), side(param, above)]);
    const row: RobustnessRow = {
      param,
      value: best[param],
      best: bestValue,
      ...(b && { below: b }),
      ...(a && { above: a }),
    };
    return row;
  });
  return (await Promise.all(rows)).filter((row): row is RobustnessRow => row !== undefined);
}
