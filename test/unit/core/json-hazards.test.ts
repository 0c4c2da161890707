import { describe, expect, it } from 'vitest';
import { findJsonHazard } from '../../../src/core/index.js';

describe('findJsonHazard', () => {
  it('finds nothing in ordinary JSON', () => {
    expect(findJsonHazard(JSON.parse('{"a":[1,{"b":null}],"c":"__proto__"}'))).toBeUndefined();
    expect(findJsonHazard(null)).toBeUndefined();
  });

  it('reports the first reserved key in document order, with its path through arrays', () => {
    const json = JSON.parse('{"a":[{"ok":1},{"constructor":1}],"b":{"__proto__":1}}');
    expect(findJsonHazard(json)).toEqual({
      path: ['a', 1, 'constructor'],
      message: "'constructor' is reserved (no name may be __proto__, constructor, prototype)",
    });
  });

  it('stops at the first level past 32 without walking the rest', () => {
    const hazard = findJsonHazard(JSON.parse(`{"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`));
    expect(hazard?.path).toEqual(['x', ...Array.from({ length: 31 }, () => 0)]);
    expect(hazard?.message).toBe('nests deeper than 32 levels');
    expect(findJsonHazard(JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`))).toBeUndefined();
  });
});
