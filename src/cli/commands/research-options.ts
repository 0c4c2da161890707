import { parseDataSource } from '../../data/index.js';
import { parseParamAssignments } from '../../spec/index.js';
import { decimal, wholeNumber } from '../flags.js';

/** The flags every backtesting command shares (see addResearchOptions in program.ts). */
export interface ResearchFlags {
  source: string;
  bars: string;
  seed: string;
  params?: string;
  venue?: string;
  feeBps?: string;
  slippageBps?: string;
  json?: boolean;
}

/**
 * The shared flags as library options, plus `close`, which the command must call when it is done:
 * a `--source db` run keeps database connections open (and Node alive) until then.
 */
export async function researchOptions(flags: ResearchFlags) {
  const source = parseDataSource(flags.source, {
    databaseUrl: process.env.DATABASE_URL || undefined,
    venue: flags.venue,
  });
  let close = async () => {};
  if (source.kind === 'database') {
    // Loaded only for database sources, so other runs never pay for kysely and pg.
    const store = await import('../../store/index.js');
    store.readCandlesFromDatabase();
    close = store.closeDatabaseCandles;
  }
  return {
    close,
    source,
    bars: wholeNumber('--bars', flags.bars, 2) as number,
    seed: wholeNumber('--seed', flags.seed, 0) as number,
    params: flags.params === undefined ? undefined : parseParamAssignments(flags.params),
    costs: {
      feeBps: decimal('--fee-bps', flags.feeBps),
      slippageBps: decimal('--slippage-bps', flags.slippageBps),
    },
  };
}
