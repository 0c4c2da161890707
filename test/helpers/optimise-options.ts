import type { OptimiseOptions } from '../../src/optimise/index.js';
import { readSpecFile } from '../../src/spec/index.js';

/** optimise() options for the example EMA-cross spec on sandbox SBX-CYCLE, with `overrides` over them. */
export async function sandboxOptimisation(
  overrides: Partial<OptimiseOptions> & Pick<OptimiseOptions, 'trials' | 'sampler'>,
): Promise<OptimiseOptions> {
  return {
    spec: await readSpecFile('examples/specs/ema-cross.json'),
    symbols: ['SBX-CYCLE'],
    source: { kind: 'sandbox' },
    bars: 6000,
    metric: 'sharpe',
    split: 0.7,
    constraints: { minTrades: 5 },
    ...overrides,
  };
}
