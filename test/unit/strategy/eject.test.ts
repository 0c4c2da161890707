import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../../src/spec/index.js';
import { commentLines, literal, numberLiteral } from '../../../src/strategy/eject-code.js';
import { ejectStrategy } from '../../../src/strategy/index.js';

const hostile = 'x"); process.exit(1); ("\nprocess.exit(2)\u2028process.exit(3) */';

function eject(extra: Record<string, unknown> = {}) {
  const checked = loadSpec({
    name: 'probe-2',
    version: 1,
    description: hostile,
    logic: `first\n${hostile}`,
    timeframe: '1h',
    universe: ['SBX-WALK'],
    parameters: {
      mode: { type: 'choice', options: ['plain', hostile], default: 'plain', description: hostile },
      len: { type: 'int', min: 2, max: 50, default: 10 },
    },
    indicators: { function: 'sma(close, len)', i: 'ema(close, len * 2)' },
    signals: { go: `mode == "plain" and close > function and i > 0` },
    states: { transitions: [{ from: 'flat', to: 'long', on: 'go', action: 'enter' }] },
    ...extra,
  });
  return ejectStrategy(checked, { specPath: './probe-2.json' });
}

describe('ejectStrategy', () => {
  it('keeps spec text in comments and string literals, never as code', () => {
    const { module } = eject();
    const lines = module.split(/\r\n|[\n\r\u2028\u2029]/);
    for (const line of lines.filter((l) => l.includes('process.exit'))) {
      const code = line.trimStart();
      expect(code.startsWith('// ') || code.includes(literal(hostile)), line).toBe(true);
    }
    expect(module).toContain(`readonly mode: "plain" | ${literal(hostile)};`);
  });

  it('renames spec names that are keywords or locals of onBar, and names the class after the spec', () => {
    const { module, className, moduleFile, testFile } = eject();
    expect(className).toBe('Probe2Strategy');
    expect([moduleFile, testFile]).toEqual(['probe-2.ts', 'probe-2.contract.test.ts']);
    expect(module).toContain('const function_ = this.sma1.update(close);');
    expect(module).toContain('const i_ = this.ema1.update(close);');
    expect(module).toContain('const go = go_ready && (((p.mode === "plain") && (close > function_)) && (i_ > 0));');
    expect(module).toContain('this.ema1 = new Ema((p.len * 2));');
  });

  it('writes the contract test against the given spec path and the package', () => {
    const { test } = eject();
    expect(test).toContain('new URL("./probe-2.json", import.meta.url)');
    expect(test).toContain('from "fleet";');
    expect(test).toContain('from "./probe-2.js";');
  });

  it('prints numbers from parsed values only, and comment lines that cannot end early', () => {
    expect(numberLiteral(0.5)).toBe('0.5');
    expect(numberLiteral(-2)).toBe('(-2)');
    expect(() => numberLiteral(Number.POSITIVE_INFINITY)).toThrow();
    expect(commentLines('a\rb\u2028c\u2029d\r\ne')).toEqual(['// a', '// b', '// c', '// d', '// e']);
  });
});
