import Anthropic from '@anthropic-ai/sdk';
import type { Connection, ModelAnswer, ModelProvider, ModelRequest } from '../provider.js';
import { providerError } from './map-error.js';

const TOOL = 'write_strategy_spec';

/**
 * Anthropic's Messages API through the official SDK. Structured output is a forced tool call: the
 * tool's input schema is the spec's JSON Schema, and the tool_use block's input is the spec.
 */
export function anthropicProvider(connection: Connection): ModelProvider {
  const where = connection.baseUrl ?? 'https://api.anthropic.com';
  const client = new Anthropic({
    apiKey: connection.apiKey,
    // Explicit, so the SDK never reads a base URL from process.env behind the caller's `env`.
    baseURL: where,
    timeout: connection.timeoutMs,
    maxRetries: connection.maxRetries,
  });
  return {
    name: 'anthropic',
    model: connection.model,
    async ask(request: ModelRequest): Promise<ModelAnswer> {
      let message: Anthropic.Message;
      try {
        message = await client.messages.create({
          model: connection.model,
          max_tokens: 8192,
          system: request.system,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          tools: [
            {
              name: TOOL,
              description: 'Write the strategy spec (strategy_spec.json).',
              input_schema: request.schema as Anthropic.Tool.InputSchema,
            },
          ],
          tool_choice: { type: 'tool', name: TOOL },
        });
      } catch (error) {
        throw providerError('anthropic', where, connection.timeoutMs, error);
      }
      const text = message.content
        .flatMap((block) => (block.type === 'text' ? [block.text] : []))
        .join('\n')
        .trim();
      if (message.stop_reason === 'refusal') return { text, refusal: text === '' ? 'refused' : text };
      const call = message.content.find((block) => block.type === 'tool_use' && block.name === TOOL);
      if (call !== undefined && call.type === 'tool_use') return { text: JSON.stringify(call.input) };
      return { text };
    },
  };
}
