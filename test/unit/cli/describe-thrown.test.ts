import { describe, expect, it } from 'vitest';
import { describeThrown } from '../../../src/cli/main.js';

/** The CLI's catch renders anything thrown as its cause, never "[object Object]". */
describe('describeThrown', () => {
  it.each([
    [new Error('disk full'), 'disk full'],
    [{ name: 'ErrnoError', errno: 54 }, 'ErrnoError (errno 54)'],
    [{ message: 'relation "bots" does not exist', code: '42P01' }, 'relation "bots" does not exist'],
    [{ code: 'ENOTDIR' }, 'error ENOTDIR'],
    [{ detail: 'x' }, '{"detail":"x"}'],
    ['plain text', 'plain text'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('%o is %s', (thrown, line) => {
    expect(describeThrown(thrown)).toBe(line);
  });

  it('survives a value JSON cannot print', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeThrown(cyclic)).toBe('an object with the keys self');
  });
});
