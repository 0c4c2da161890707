import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specJsonSchema } from '../../../src/spec/index.js';

describe('docs/strategy-spec.schema.json', () => {
  it('is the schema fleet spec schema prints (regenerate it with: fleet spec schema > docs/strategy-spec.schema.json)', () => {
    const file = JSON.parse(readFileSync(new URL('../../../docs/strategy-spec.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(specJsonSchema());
  });
});
