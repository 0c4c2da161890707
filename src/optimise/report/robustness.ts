import type { InstrumentReport, ReportNeighbour, ReportRobustnessRow } from './types.js';

/** A neighbour more than this share of |best| worse than the best counts as a cliff. */
export const LONELY_SPIKE_DROP = 0.5;

export type NeighbourVerdict = 'missing' | 'failed' | 'cliff' | 'holds';

export interface RobustnessVerdict {
  /** True when the best value looks like a lonely spike: likely an overfit. */
  readonly lonely: boolean;
  readonly below: NeighbourVerdict;
  readonly above: NeighbourVerdict;
  /** One sentence for the reader; empty when the row holds up. */
  readonly reason: string;
}

function judge(
  neighbour: ReportNeighbour | undefined,
  best: number,
  direction: InstrumentReport['direction'],
  drop: number,
): NeighbourVerdict {
  if (!neighbour) return 'missing';
  if (neighbour.objective === null || !Number.isFinite(neighbour.objective)) return 'failed';
  // How much worse the neighbour is, in the direction the objective is optimised.
  const worse = direction === 'maximize' ? best - neighbour.objective : neighbour.objective - best;
  return worse > drop * Math.abs(best) ? 'cliff' : 'holds';
}

/**
 * Flags a best value that stands alone: a neighbour failed outright, or every neighbour there is
 * (one at the edge of a range, else both) scores more than `drop` of |best| worse. A real edge
 * degrades gently around its best value; a spike with cliffs either side is usually noise fitted
 * by the search.
 */
export function assessRobustness(
  row: ReportRobustnessRow,
  direction: InstrumentReport['direction'],
  drop = LONELY_SPIKE_DROP,
): RobustnessVerdict {
  const below = judge(row.below, row.best, direction, drop);
  const above = judge(row.above, row.best, direction, drop);
  const present = [below, above].filter((v) => v !== 'missing');
  const percent = `${Math.round(drop * 100)}%`;
  let reason = '';
  if (present.includes('failed'))
    reason = 'a neighbouring value fails or is infeasible: the best value sits on a cliff';
  else if (present.length > 0 && present.every((v) => v === 'cliff'))
    reason =
      present.length === 2
        ? `both neighbouring values score more than ${percent} of |best| worse: the best value may be an overfit`
        : `the only neighbouring value scores more than ${percent} of |best| worse: the best value may be an overfit`;
  return { lonely: reason !== '', below, above, reason };
}
