import { UsageError } from '../core/index.js';

/** One turn of the conversation with a model. */
export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** What a model answered: the spec as JSON text, or why it would not write one. */
export interface ModelAnswer {
  readonly text: string;
  readonly refusal?: string;
}

/** A request: instructions, the conversation so far, and the JSON Schema the answer must follow. */
export interface ModelRequest {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly schema: Record<string, unknown>;
}

/**
 * A model provider behind one interface. Implementations live in providers/ and load their SDK
 * only when created, so nothing else pays for it; they map every SDK failure to a ProviderError.
 */
export interface ModelProvider {
  readonly name: ProviderName;
  readonly model: string;
  ask(request: ModelRequest): Promise<ModelAnswer>;
}

export const PROVIDERS = ['offline', 'anthropic', 'openai', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const DEFAULT_MODELS: Partial<Record<ProviderName, string>> = {
  anthropic: 'claude-sonnet-4-5',
  openai: 'gpt-4.1',
};

/** Where keys and servers come from; never written anywhere. */
export interface ProviderSettings {
  /** From --provider or fleet.config.json; absent: anthropic if ANTHROPIC_API_KEY is set, then openai, else offline. */
  readonly provider?: string;
  readonly model?: string;
  /** An OpenAI-compatible server (Ollama, vLLM, LM Studio), including /v1; or another Anthropic/OpenAI origin. */
  readonly baseUrl?: string;
  /** The environment to read keys from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Per request, in ms (default 120 000). */
  readonly timeoutMs?: number;
  /** Retries of a failed request (429, 5xx, connection), honouring retry-after (default 2). */
  readonly maxRetries?: number;
}

/** The provider the settings select, after checking the name. */
export function chooseProvider(settings: ProviderSettings): ProviderName {
  const env = settings.env ?? process.env;
  const named = settings.provider ?? env.FLEET_DESIGNER_PROVIDER;
  if (named !== undefined && named !== '') {
    if ((PROVIDERS as readonly string[]).includes(named)) return named as ProviderName;
    throw new UsageError(`unknown provider '${named}'; expected one of ${PROVIDERS.join(', ')}`);
  }
  if (nonEmpty(env.ANTHROPIC_API_KEY)) return 'anthropic';
  if (nonEmpty(env.OPENAI_API_KEY)) return 'openai';
  if (nonEmpty(env.FLEET_LLM_BASE_URL)) return 'openai-compatible';
  return 'offline';
}

const nonEmpty = (v: string | undefined): v is string => v !== undefined && v !== '';

/** The resolved connection for a model provider: key, base URL, model. Usage errors name what is missing. */
export interface Connection {
  readonly apiKey: string;
  readonly baseUrl: string | undefined;
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

export function resolveConnection(name: Exclude<ProviderName, 'offline'>, settings: ProviderSettings): Connection {
  const env = settings.env ?? process.env;
  const pick = (...values: (string | undefined)[]) => values.find(nonEmpty);
  const common = { timeoutMs: settings.timeoutMs ?? 120_000, maxRetries: settings.maxRetries ?? 2 };
  if (name === 'openai-compatible') {
    const baseUrl = pick(settings.baseUrl, env.FLEET_LLM_BASE_URL);
    if (baseUrl === undefined) {
      throw new UsageError(
        'the openai-compatible provider needs a server: set FLEET_LLM_BASE_URL (e.g. http://127.0.0.1:11434/v1) or designer.baseUrl in fleet.config.json',
      );
    }
    const model = pick(settings.model, env.FLEET_LLM_MODEL);
    if (model === undefined) {
      throw new UsageError('the openai-compatible provider needs a model: pass --model or set FLEET_LLM_MODEL');
    }
    // Local servers usually take any key; the SDK insists on one.
    return { ...common, apiKey: pick(env.FLEET_LLM_API_KEY) ?? 'no-key', baseUrl, model };
  }
  const keyVar = name === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
  const apiKey = pick(env[keyVar]);
  if (apiKey === undefined) throw new UsageError(`the ${name} provider needs ${keyVar} in the environment or .env`);
  const baseVar = name === 'anthropic' ? 'ANTHROPIC_BASE_URL' : 'OPENAI_BASE_URL';
  return {
    ...common,
    apiKey,
    baseUrl: pick(settings.baseUrl, env[baseVar]),
    model: pick(settings.model) ?? (DEFAULT_MODELS[name] as string),
  };
}

/** Creates the provider, importing its SDK only now. */
export async function createProvider(
  name: Exclude<ProviderName, 'offline'>,
  settings: ProviderSettings,
): Promise<ModelProvider> {
  const connection = resolveConnection(name, settings);
  if (name === 'anthropic') return (await import('./providers/anthropic.js')).anthropicProvider(connection);
  return (await import('./providers/openai.js')).openaiProvider(name, connection);
}
