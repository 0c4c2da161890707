import { validateSpec } from '../../../src/spec/index.js';

/** A small valid spec that the tests bend one field at a time. */
// biome-ignore lint/suspicious/noExplicitAny: tests deliberately build malformed specs
export function baseSpec(): any {
  return {
    name: 'test-spec',
    version: 1,
    description: 'a spec for tests',
    logic: 'cross of two averages',
    timeframe: '1h',
    universe: ['SBX-TREND', 'SBX-WALK'],
    parameters: {
      fast: { type: 'int', min: 5, max: 50, step: 1, default: 10 },
      slow: { type: 'int', min: 20, max: 200, default: 30 },
      k: { type: 'float', min: 1, max: 3, step: 0.25, default: 2 },
      use_filter: { type: 'bool', default: true },
      len: { type: 'choice', options: [7, 14, 21], default: 14 },
      mode: { type: 'choice', options: ['fast', 'slow'], default: 'fast' },
    },
    constraints: ['fast < slow'],
    indicators: { fast_ema: 'ema(close, fast)', slow_ema: 'ema(close, slow)' },
    signals: {
      go_long: 'crosses_above(fast_ema, slow_ema)',
      go_flat: 'crosses_below(fast_ema, slow_ema)',
    },
    states: {
      transitions: [
        { from: 'flat', to: 'long', on: 'go_long', action: 'enter', size: 1 },
        { from: 'long', to: 'flat', on: 'go_flat', action: 'exit' },
      ],
    },
    risk: { stop_loss: 0.05, take_profit: 0.1, position_size: 0.95 },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: see baseSpec
export function issuesOf(mutate: (spec: any) => void): string[] {
  const spec = baseSpec();
  mutate(spec);
  const result = validateSpec(spec);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

/** The single issue an expression in `section.name` produces. */
export function exprIssue(section: 'indicators' | 'signals', name: string, text: string): string[] {
  return issuesOf((s) => {
    s[section][name] = text;
  });
}
