import { parseDataSource } from '../../data/index.js';
import { parseParamAssignments } from '../../spec/index.js';
import { decimal, wholeNumber } from '../flags.js';

/** The flags every backtesting command shares (see addResearchOptions in program.ts). */
export interface ResearchFlags {
  source: string;
  bars: string;
  seed: string;
  params?: string;
  feeBps?: string;
  slippageBps?: string;
  json?: boolean;
}

export function researchOptions(flags: ResearchFlags) {
  return {
    source: parseDataSource(flags.source),
    bars: wholeNumber('--bars', flags.bars, 2) as number,
    seed: wholeNumber('--seed', flags.seed, 0) as number,
    params: flags.params === undefined ? undefined : parseParamAssignments(flags.params),
    costs: {
      feeBps: decimal('--fee-bps', flags.feeBps),
      slippageBps: decimal('--slippage-bps', flags.slippageBps),
    },
  };
}
