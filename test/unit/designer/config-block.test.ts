import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../../src/fleet/index.js';

describe("fleet.config.json's designer block", () => {
  it('takes provider, model and baseUrl', () => {
    const designer = { provider: 'openai-compatible', model: 'qwen2.5', baseUrl: 'http://127.0.0.1:11434/v1' };
    expect(parseProjectConfig({ name: 'desk', designer }).designer).toEqual(designer);
  });

  it('never a key, and only known providers', () => {
    expect(() => parseProjectConfig({ name: 'desk', designer: { provider: 'anthropic', apiKey: 'sk-x' } })).toThrow(
      /designer/,
    );
    expect(() => parseProjectConfig({ name: 'desk', designer: { provider: 'gemini' } })).toThrow(/designer\.provider/);
  });
});
