/**
 * fleet design: a sentence → a validated strategy spec that trades on sandbox data. Offline
 * idioms need no key; model providers (Anthropic, OpenAI, any OpenAI-compatible server) are
 * loaded only when used. The only home of LLM HTTP in fleet.
 */
export { type DesignOptions, type DesignResult, type DesignRound, designStrategy } from './design.js';
export { DesignRejectedError, ProviderError, UnknownIdeaError } from './errors.js';
export type { Idiom } from './idiom.js';
export { designOffline, IDIOMS, matchIdiom } from './offline.js';
export {
  type Connection,
  chooseProvider,
  DEFAULT_MODELS,
  type ModelProvider,
  PROVIDERS,
  type ProviderName,
  type ProviderSettings,
  resolveConnection,
} from './provider.js';
export { SMOKE_BARS, type SmokeResult, smokeTest } from './smoke.js';
export type { Provenance } from './spec-file.js';
