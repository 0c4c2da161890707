import { designStrategy, type ProviderSettings } from '../designer/index.js';
import type { DesignStage } from './pipeline-run.js';

/**
 * The pipeline's design stage, backed by fleet's designer: an offline idiom without a key (or with
 * `provider: 'offline'`), a model otherwise. The spec it returns has been validated and has traded
 * on sandbox data; its provenance (provider, model, prompt hash, repair rounds) is recorded with
 * the stage.
 */
export function designerStage(settings: ProviderSettings = {}): DesignStage {
  return async ({ idea, timeframe, name }) => {
    const result = await designStrategy({ ...settings, idea, timeframe, name });
    return { spec: result.spec, provenance: result.provenance };
  };
}
