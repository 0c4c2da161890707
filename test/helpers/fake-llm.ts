import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally } from '../../src/testing/local-server.js';

/** One scripted answer of the fake model server, spoken in whichever protocol the request used. */
export type FakeStep =
  /** The spec as structured output: an Anthropic tool_use block, or OpenAI message content. */
  | { readonly kind: 'spec'; readonly spec: unknown }
  /** The spec as an OpenAI tool call (function arguments). */
  | { readonly kind: 'tool-call'; readonly spec: unknown }
  /** Plain text where the JSON should be. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'refusal'; readonly text: string }
  /** An HTTP error with the provider's error body. */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string> }
  /** Never answers (the client's timeout fires). */
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakeLlm {
  /** http://127.0.0.1:PORT (Anthropic's base URL; OpenAI's is this plus /v1). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queues answers; each request takes the next one (the last repeats). */
  script(...steps: FakeStep[]): void;
  close(): Promise<void>;
}

/**
 * A fake LLM server on 127.0.0.1 speaking the Anthropic Messages API (POST /v1/messages) and
 * OpenAI chat completions (POST /v1/chat/completions, also what OpenAI-compatible servers such as
 * Ollama, vLLM and LM Studio serve), so the real SDKs can be pointed at it.
 */
export async function startFakeLlm(): Promise<FakeLlm> {
  let steps: FakeStep[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const path = req.url ?? '';
    requests.push({ path, headers: req.headers, body });
    const step = steps.length > 1 ? (steps.shift() as FakeStep) : steps[0];
    if (step === undefined) return send(res, 500, { error: { message: 'no scripted answer' } });
    if (step.kind === 'hang') return;
    if (path === '/v1/messages') return anthropic(res, step, String(body.model));
    if (path === '/v1/chat/completions') return openai(res, step, String(body.model));
    send(res, 404, { error: { message: `no route ${path}` } });
  });
  const { port, close } = await listenLocally(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...next) {
      steps = [...next];
    },
    close,
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const ERROR_TYPES: Record<number, string> = {
  401: 'authentication_error',
  429: 'rate_limit_error',
  500: 'api_error',
};

function anthropic(res: ServerResponse, step: FakeStep, model: string): void {
  if (step.kind === 'status') {
    const type = ERROR_TYPES[step.status] ?? 'invalid_request_error';
    send(res, step.status, { type: 'error', error: { type, message: `fake ${type}` } }, step.headers);
    return;
  }
  const base = { id: 'msg_fake', type: 'message', role: 'assistant', model, stop_sequence: null };
  const usage = { input_tokens: 10, output_tokens: 10 };
  const text = step.kind === 'refusal' || step.kind === 'text' ? step.text : '';
  const answer =
    step.kind === 'spec' || step.kind === 'tool-call'
      ? {
          content: [{ type: 'tool_use', id: 'toolu_fake', name: 'write_strategy_spec', input: step.spec }],
          stop_reason: 'tool_use',
        }
      : { content: [{ type: 'text', text }], stop_reason: step.kind === 'refusal' ? 'refusal' : 'end_turn' };
  send(res, 200, { ...base, ...answer, usage });
}

function openai(res: ServerResponse, step: FakeStep, model: string): void {
  if (step.kind === 'status') {
    const type = ERROR_TYPES[step.status] ?? 'invalid_request_error';
    send(res, step.status, { error: { message: `fake ${type}`, type, code: null } }, step.headers);
    return;
  }
  let message: Record<string, unknown> = { role: 'assistant', content: null, refusal: null };
  if (step.kind === 'spec') message = { ...message, content: JSON.stringify(step.spec) };
  if (step.kind === 'text') message = { ...message, content: step.text };
  if (step.kind === 'refusal') message = { ...message, refusal: step.text };
  if (step.kind === 'tool-call') {
    const call = {
      id: 'call_fake',
      type: 'function',
      function: { name: 'strategy_spec', arguments: JSON.stringify(step.spec) },
    };
    message = { ...message, tool_calls: [call] };
  }
  send(res, 200, {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message, finish_reason: step.kind === 'tool-call' ? 'tool_calls' : 'stop', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  });
}
