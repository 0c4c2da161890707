import { describe, expect, it } from 'vitest';
import { chooseProvider, resolveConnection } from '../../../src/designer/index.js';

describe('chooseProvider', () => {
  it('takes the named provider, else the first key set, else offline', () => {
    expect(chooseProvider({ provider: 'openai', env: { ANTHROPIC_API_KEY: 'a' } })).toBe('openai');
    expect(chooseProvider({ env: { FLEET_DESIGNER_PROVIDER: 'offline', ANTHROPIC_API_KEY: 'a' } })).toBe('offline');
    expect(chooseProvider({ env: { ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' } })).toBe('anthropic');
    expect(chooseProvider({ env: { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: 'o' } })).toBe('openai');
    expect(chooseProvider({ env: { FLEET_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' } })).toBe('openai-compatible');
    expect(chooseProvider({ env: {} })).toBe('offline');
  });

  it('refuses an unknown provider with the list, as a usage error', () => {
    expect(() => chooseProvider({ provider: 'gemini', env: {} })).toThrow(
      "unknown provider 'gemini'; expected one of offline, anthropic, openai, openai-compatible",
    );
  });
});

describe('resolveConnection', () => {
  it('reads key, server and model from the environment, the settings first', () => {
    const env = { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://env/v1' };
    expect(resolveConnection('openai', { env })).toMatchObject({
      apiKey: 'k',
      baseUrl: 'http://env/v1',
      model: 'gpt-4.1',
    });
    expect(resolveConnection('openai', { env, baseUrl: 'http://cfg/v1', model: 'm' })).toMatchObject({
      baseUrl: 'http://cfg/v1',
      model: 'm',
    });
    expect(resolveConnection('anthropic', { env: { ANTHROPIC_API_KEY: 'k' } })).toMatchObject({
      baseUrl: undefined,
      model: 'claude-sonnet-4-5',
      maxRetries: 2,
      timeoutMs: 120_000,
    });
  });

  it('names what is missing, as usage errors (exit 2)', () => {
    const missing = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return [(error as Error).message, (error as { exitCode: number }).exitCode];
      }
      return undefined;
    };
    expect(missing(() => resolveConnection('anthropic', { env: {} }))).toEqual([
      'the anthropic provider needs ANTHROPIC_API_KEY in the environment or .env',
      2,
    ]);
    expect(missing(() => resolveConnection('openai-compatible', { env: {} }))?.[0]).toContain('needs a server');
    expect(
      missing(() => resolveConnection('openai-compatible', { env: { FLEET_LLM_BASE_URL: 'http://x/v1' } }))?.[0],
    ).toBe('the openai-compatible provider needs a model: pass --model or set FLEET_LLM_MODEL');
  });

  it('gives a local server a placeholder key when none is set', () => {
    const env = { FLEET_LLM_BASE_URL: 'http://x/v1', FLEET_LLM_MODEL: 'llama3.1' };
    expect(resolveConnection('openai-compatible', { env })).toMatchObject({ apiKey: 'no-key', model: 'llama3.1' });
  });
});
