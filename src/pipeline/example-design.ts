import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/index.js';
import type { DesignStage } from './pipeline-run.js';

/** The packaged example the offline design stage copies. */
export const EXAMPLE_SPEC = fileURLToPath(new URL('../../examples/specs/ema-cross.json', import.meta.url));

const EMA_CROSS = /\b(ema|emas|moving averages?|ma)\b.*\bcross|\bcross.*\b(ema|emas|moving averages?)\b/i;

/**
 * THE PLACE THE DESIGNER PLUGS IN. Until src/designer lands, the pipeline designs one idea family
 * without a model: moving-average crosses, by copying examples/specs/ema-cross.json (the pipeline
 * then sets the requested timeframe and name). Anything else is a one-line error.
 */
export const exampleDesign: DesignStage = async ({ idea, timeframe }) => {
  if (!EMA_CROSS.test(idea)) {
    throw new UsageError(
      `no designer available for this idea yet: '${idea}' (try "fast ema crosses slow ema", or --spec FILE)`,
    );
  }
  const spec = JSON.parse(await readFile(EXAMPLE_SPEC, 'utf8')) as Record<string, unknown>;
  return { spec: { ...spec, timeframe }, provenance: { designer: 'example', template: 'ema-cross', idea } };
};
