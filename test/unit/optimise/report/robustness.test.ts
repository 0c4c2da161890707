import { describe, expect, it } from 'vitest';
import { assessRobustness } from '../../../../src/optimise/report/index.js';

const row = (below: number | null | undefined, above: number | null | undefined, best = 2) => ({
  param: 'p',
  value: 10,
  best,
  ...(below !== undefined ? { below: { value: 9, objective: below } } : {}),
  ...(above !== undefined ? { above: { value: 11, objective: above } } : {}),
});

describe('assessRobustness', () => {
  it('flags a best value whose neighbours both fall more than half of |best|', () => {
    const verdict = assessRobustness(row(0.5, 0.9), 'maximize');
    expect(verdict).toMatchObject({ lonely: true, below: 'cliff', above: 'cliff' });
    expect(verdict.reason).toContain('both');
  });

  it('passes a plateau and a one-sided cliff', () => {
    expect(assessRobustness(row(1.9, 1.8), 'maximize').lonely).toBe(false);
    expect(assessRobustness(row(0.1, 1.8), 'maximize')).toMatchObject({
      lonely: false,
      below: 'cliff',
      above: 'holds',
    });
  });

  it('flags a failed neighbour', () => {
    expect(assessRobustness(row(null, 1.95), 'maximize')).toMatchObject({ lonely: true, below: 'failed' });
  });

  it('judges the only neighbour at the edge of a range', () => {
    expect(assessRobustness(row(undefined, 0.2), 'maximize')).toMatchObject({ lonely: true, below: 'missing' });
    expect(assessRobustness(row(undefined, 1.9), 'maximize').lonely).toBe(false);
    expect(assessRobustness(row(undefined, undefined), 'maximize').lonely).toBe(false);
  });

  it('reads worse as higher when minimising', () => {
    // Best drawdown 0.1; neighbours at 0.2 and 0.3 are more than 50% of |best| worse.
    expect(assessRobustness(row(0.2, 0.3, 0.1), 'minimize').lonely).toBe(true);
    expect(assessRobustness(row(0.01, 0.02, 0.1), 'minimize').lonely).toBe(false);
  });

  it('uses |best| for a negative best value', () => {
    expect(assessRobustness(row(-3.5, -3.2, -2), 'maximize').lonely).toBe(true);
    expect(assessRobustness(row(-2.5, -2.2, -2), 'maximize').lonely).toBe(false);
  });
});
