import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.js';
import { configJsonSchema, parseProjectConfig } from '../../../src/fleet/index.js';

describe("fleet.config.json's telegram block", () => {
  it('takes the allow-listed chat ids, and is optional', () => {
    expect(parseProjectConfig({ name: 'p', telegram: { chat_ids: [12, -1001] } }).telegram).toEqual({
      chat_ids: [12, -1001],
    });
    expect(parseProjectConfig({ name: 'p' }).telegram).toBeUndefined();
  });

  it.each([
    [{ telegram: { chat_ids: ['12'] } }, 'telegram.chat_ids.0:'],
    [{ telegram: { token: 'secret' } }, 'telegram:'],
  ])('refuses %j in one line naming the JSON path', (extra, expected) => {
    const run = () => parseProjectConfig({ name: 'p', ...extra }, 'fleet.config.json');
    expect(run).toThrow(InputError);
    expect(run).toThrow(`fleet.config.json: ${expected}`);
  });

  it('is in the published JSON Schema', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown> };
    expect(JSON.stringify(schema.properties.telegram)).toContain('chat_ids');
  });
});
