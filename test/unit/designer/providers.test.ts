import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DesignRejectedError,
  type DesignRound,
  designOffline,
  designStrategy,
  ProviderError,
} from '../../../src/designer/index.js';
import { type FakeLlm, startFakeLlm } from '../../helpers/fake-llm.js';

const KEY = 'sk-test-secret-key';
const good = { name: 'ema-model', version: 1, timeframe: '1h', ...designOffline('ema 12 26 cross').draft };
const typo = {
  ...good,
  signals: { cross_up: 'crosses_above(emaa(close, 5), slow_ma)', cross_down: 'crosses_below(fast_ma, slow_ma)' },
};
const TYPO_MESSAGE = "signals.cross_up: unknown function 'emaa' at col 15; did you mean 'ema'?";
const never = { ...good, signals: { cross_up: 'close < 0', cross_down: 'crosses_below(fast_ma, slow_ma)' } };

let llm: FakeLlm;
let dir: string;
beforeAll(async () => {
  llm = await startFakeLlm();
  dir = await mkdtemp(join(tmpdir(), 'fleet-designer-'));
});
afterAll(async () => {
  await llm.close();
  await rm(dir, { recursive: true, force: true });
});

const PROVIDERS = {
  anthropic: () => ({ provider: 'anthropic', env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: llm.url } }),
  openai: () => ({ provider: 'openai', env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${llm.url}/v1` } }),
  'openai-compatible': () => ({
    provider: 'openai-compatible',
    model: 'llama3.1',
    env: { FLEET_LLM_BASE_URL: `${llm.url}/v1`, FLEET_LLM_API_KEY: KEY },
  }),
} as const;

describe.each(Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[])('%s through its real client', (name) => {
  const design = (extra: Record<string, unknown> = {}) => {
    llm.requests.length = 0;
    return designStrategy({
      idea: 'an ema trend follower',
      maxRetries: 0,
      timeoutMs: 10_000,
      ...PROVIDERS[name](),
      ...extra,
    });
  };

  it('turns a valid answer into a spec with provenance, sending schema, grammar, functions and examples', async () => {
    llm.script({ kind: 'spec', spec: good });
    const out = join(dir, `${name}-good.json`);
    const result = await design({ out, now: () => new Date('2026-01-02T03:04:05.000Z') });
    expect(result.rounds).toEqual([{ round: 0, problems: [] }]);
    expect(result.provenance).toMatchObject({ provider: name, repair_rounds: 0, created: '2026-01-02T03:04:05.000Z' });
    expect(result.provenance.prompt_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.smoke.trades).toBeGreaterThan(0);
    const written = await readFile(out, 'utf8');
    expect(JSON.parse(written).provenance.provider).toBe(name);
    expect(written).not.toContain(KEY);
    const request = llm.requests[0];
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    const sent = JSON.stringify(request.body);
    for (const part of [
      'urn:fleet:strategy-spec',
      'crosses_above(a: series, b: series)',
      'primary :=',
      'rsi-threshold',
      'an ema trend follower',
    ]) {
      expect(sent).toContain(part);
    }
    type Schema = { properties: Record<string, unknown> };
    let schema: Schema;
    if (name === 'anthropic') {
      expect(request.body.tool_choice).toEqual({ type: 'tool', name: 'write_strategy_spec' });
      schema = (request.body.tools as { input_schema: Schema }[])[0].input_schema;
    } else {
      const format = request.body.response_format as { type: string; json_schema: { schema: Schema } };
      expect(format.type).toBe('json_schema');
      schema = format.json_schema.schema;
    }
    // The model is asked for the spec, not for the blocks fleet writes itself.
    expect(Object.keys(schema.properties)).toContain('signals');
    expect(Object.keys(schema.properties)).not.toContain('provenance');
    expect(Object.keys(schema.properties)).not.toContain('optimised');
  });

  it('sends the exact validation messages back and accepts the repair', async () => {
    llm.script({ kind: 'spec', spec: typo }, { kind: 'spec', spec: good });
    const seen: DesignRound[] = [];
    const result = await design({ onRound: (r: DesignRound) => seen.push(r) });
    expect(seen.map((r) => r.round)).toEqual([0, 1]);
    expect(seen[0].problems).toContain(TYPO_MESSAGE);
    expect(result.provenance.repair_rounds).toBe(1);
    expect(JSON.stringify(llm.requests[1].body)).toContain(TYPO_MESSAGE);
  });

  it('repairs an answer that is not JSON', async () => {
    llm.script({ kind: 'text', text: 'Here is your strategy: {oops' }, { kind: 'spec', spec: good });
    const seen: DesignRound[] = [];
    await design({ onRound: (r: DesignRound) => seen.push(r) });
    expect(seen[0].problems[0]).toMatch(/^the answer is not valid JSON: /);
  });

  it('sends a spec that never trades back with the smoke-test failure', async () => {
    llm.script({ kind: 'spec', spec: never }, { kind: 'spec', spec: good });
    const seen: DesignRound[] = [];
    await design({ onRound: (r: DesignRound) => seen.push(r) });
    expect(seen[0].problems[0]).toMatch(/^smoke backtest: the spec never entered a position/);
    expect(JSON.stringify(llm.requests[1].body)).toContain('smoke backtest: the spec never entered a position');
  });

  it('gives up after three repair rounds with a clear error, writing nothing', async () => {
    llm.script({ kind: 'spec', spec: typo });
    const out = join(dir, `${name}-never.json`);
    const error = await design({ out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DesignRejectedError);
    expect((error as Error).message).toContain(
      `gave no usable spec after 3 repair rounds; last problem: ${TYPO_MESSAGE}`,
    );
    expect(llm.requests).toHaveLength(4);
    expect((await readdir(dir)).filter((f) => f.includes(`${name}-never`))).toEqual([]);
  });

  it('reports a refusal in one line', async () => {
    llm.script({ kind: 'refusal', text: 'I cannot help with\nthat request.' });
    await expect(design()).rejects.toThrow(/declined to design this strategy: I cannot help with that request\.$/);
  });

  it('maps a 401 to a ProviderError that does not show the key', async () => {
    llm.script({ kind: 'status', status: 401 });
    const error = await design().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).exitCode).toBe(1);
    expect((error as Error).message).toBe(`${name} refused the API key (401); check the key in the environment`);
    expect((error as Error).message).not.toContain(KEY);
  });

  it('retries a 429 after retry-after, and names retry-after when it keeps failing', async () => {
    llm.script({ kind: 'status', status: 429, headers: { 'retry-after': '0' } }, { kind: 'spec', spec: good });
    const result = await design({ maxRetries: 1 });
    expect(result.provenance.repair_rounds).toBe(0);
    expect(llm.requests).toHaveLength(2);
    llm.script({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    await expect(design()).rejects.toThrow(`${name} is rate limiting requests (429); it asks to retry after 7 s`);
  });

  it('times out a server that never answers', async () => {
    llm.script({ kind: 'hang' });
    await expect(design({ timeoutMs: 300 })).rejects.toThrow(`${name} did not answer within 0.3 s`);
  });
});

describe('an unreachable server', () => {
  it('is one line naming where it was looked for', async () => {
    const gone = await startFakeLlm();
    await gone.close();
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: gone.url };
    await expect(designStrategy({ idea: 'x', provider: 'anthropic', env, maxRetries: 0 })).rejects.toThrow(
      `could not reach anthropic at ${gone.url}`,
    );
  });
});

describe('answers outside the structured channel', () => {
  const compatible = () => ({ idea: 'x', maxRetries: 0, ...PROVIDERS['openai-compatible']() });

  it('accepts JSON in a Markdown fence, and drops what fleet writes itself', async () => {
    const stale = { ...good, optimised: { 'SBX-TREND': { params: { fast_len: 5 } } }, provenance: { provider: 'me' } };
    llm.script({ kind: 'text', text: `\`\`\`json\n${JSON.stringify(stale)}\n\`\`\`` });
    const result = await designStrategy(compatible());
    expect(result.spec).not.toHaveProperty('optimised');
    expect(result.provenance.provider).toBe('openai-compatible');
  });

  it('hashes the same prompt the same way', async () => {
    llm.script({ kind: 'spec', spec: good });
    const a = await designStrategy(compatible());
    const b = await designStrategy(compatible());
    expect(a.provenance.prompt_sha256).toBe(b.provenance.prompt_sha256);
    const c = await designStrategy({ ...compatible(), idea: 'y' });
    expect(c.provenance.prompt_sha256).not.toBe(a.provenance.prompt_sha256);
  });
});

describe('openai tool calls', () => {
  it('reads the spec from a tool call when a server answers that way', async () => {
    llm.script({ kind: 'tool-call', spec: good });
    const result = await designStrategy({ idea: 'x', maxRetries: 0, ...PROVIDERS['openai-compatible']() });
    expect(result.spec.name).toBe('ema-model');
  });
});
