import OpenAI from 'openai';
import type { Connection, ModelAnswer, ModelProvider, ModelRequest } from '../provider.js';
import { providerError } from './map-error.js';

/**
 * OpenAI chat completions through the official SDK, for OpenAI itself and for any
 * OpenAI-compatible server (Ollama, vLLM, LM Studio) by base URL. Structured output is
 * response_format json_schema (not strict: the spec has optional keys); a server that answers
 * with a tool call instead is read too.
 */
export function openaiProvider(name: 'openai' | 'openai-compatible', connection: Connection): ModelProvider {
  const where = connection.baseUrl ?? 'https://api.openai.com/v1';
  const client = new OpenAI({
    apiKey: connection.apiKey,
    // Explicit, so the SDK never reads a base URL from process.env behind the caller's `env`.
    baseURL: where,
    timeout: connection.timeoutMs,
    maxRetries: connection.maxRetries,
  });
  return {
    name,
    model: connection.model,
    async ask(request: ModelRequest): Promise<ModelAnswer> {
      let completion: OpenAI.ChatCompletion;
      try {
        completion = await client.chat.completions.create({
          model: connection.model,
          messages: [
            { role: 'system', content: request.system },
            ...request.messages.map((m) => ({ role: m.role, content: m.content })),
          ],
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'strategy_spec', schema: request.schema, strict: false },
          },
        });
      } catch (error) {
        throw providerError(name, where, connection.timeoutMs, error);
      }
      const message = completion.choices[0]?.message;
      if (message === undefined) return { text: '' };
      if (typeof message.refusal === 'string' && message.refusal !== '') return { text: '', refusal: message.refusal };
      const call = message.tool_calls?.find((c) => c.type === 'function');
      if (call !== undefined && call.type === 'function') return { text: call.function.arguments };
      return { text: message.content ?? '' };
    },
  };
}
