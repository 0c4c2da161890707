import { describe, expect, it } from 'vitest';
import { specJsonSchema, validateSpec } from '../../../src/spec/index.js';
import { baseSpec, issuesOf } from './helpers.js';

describe('the base fixture', () => {
  it('is valid and gets its defaults', () => {
    const result = validateSpec(baseSpec());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.states.initial).toBe('flat');
    expect(result.spec.costs).toEqual({ fee_bps: 10, slippage_bps: 5 });
  });
});

describe('structure', () => {
  it('rejects unknown keys with a suggestion, at every level', () => {
    expect(issuesOf((s) => (s.descripton = 'x'))).toEqual(["descripton: unknown key; did you mean 'description'?"]);
    expect(issuesOf((s) => (s.parameters.fast.defualt = 3))).toEqual([
      "parameters.fast.defualt: unknown key; did you mean 'default'?",
    ]);
    expect(issuesOf((s) => (s.parameters.use_filter.min = 3))).toEqual(['parameters.use_filter.min: unknown key']);
    expect(issuesOf((s) => (s.states.transitions[1].sise = 1))).toEqual([
      "states.transitions[1].sise: unknown key; did you mean 'size'?",
    ]);
    expect(issuesOf((s) => (s.risk.stoploss = 0.1))).toEqual(["risk.stoploss: unknown key; did you mean 'stop_loss'?"]);
    expect(issuesOf((s) => (s.costs = { fees_bps: 1 }))).toEqual([
      "costs.fees_bps: unknown key; did you mean 'fee_bps'?",
    ]);
  });

  it('reports missing and mistyped fields', () => {
    expect(issuesOf((s) => delete s.logic)).toEqual(['logic: is required']);
    expect(issuesOf((s) => (s.version = 0))).toEqual(['version: must be > 0, got 0']);
    expect(issuesOf((s) => (s.version = 1.5))).toEqual(['version: expected a whole number, got 1.5']);
    expect(issuesOf((s) => (s.version = '1'))).toEqual(['version: expected a number, got "1"']);
    expect(issuesOf((s) => (s.description = ''))).toEqual(['description: description must not be empty']);
    expect(issuesOf((s) => (s.universe = 'SBX-TREND'))).toEqual(['universe: expected a list, got "SBX-TREND"']);
  });

  it('checks name, timeframe and universe', () => {
    expect(issuesOf((s) => (s.name = 'EMA cross'))).toEqual([
      'name: name uses lowercase letters, digits, - and _, starting with a letter',
    ]);
    expect(issuesOf((s) => (s.name = 'a'.repeat(65)))).toEqual(['name: name must be at most 64 characters']);
    expect(issuesOf((s) => (s.timeframe = '1H'))).toEqual([
      'timeframe: expected one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w, got "1H"; did you mean \'1h\'?',
    ]);
    expect(issuesOf((s) => (s.universe = []))).toEqual(['universe: the universe needs at least one instrument']);
    expect(issuesOf((s) => (s.universe = ['A', 'B', 'A']))).toEqual(["universe[2]: duplicate 'A'"]);
  });

  it('accepts optimised as an object of objects only', () => {
    expect(issuesOf((s) => (s.optimised = { 'SBX-TREND': { params: { fast: 12 }, sharpe: 1.2 } }))).toEqual([]);
    expect(issuesOf((s) => (s.optimised = { 'SBX-TREND': 3 }))).toEqual([
      'optimised.SBX-TREND: expected an object, got 3',
    ]);
    expect(issuesOf((s) => (s.optimised = []))).toEqual(['optimised: expected an object, got a list']);
  });

  it('checks the params, trial count and time of an optimised entry', () => {
    const entry = { params: { fast: 12, exit: 'atr', short: false }, trials: 200, updated: '2026-12-05T10:00:00.000Z' };
    expect(issuesOf((s) => (s.optimised = { A: entry }))).toEqual([]);
    expect(issuesOf((s) => (s.optimised = { A: { ...entry, trials: 0 } }))).toEqual([
      'optimised.A.trials: must be >= 1, got 0',
    ]);
    expect(issuesOf((s) => (s.optimised = { A: { ...entry, updated: 'yesterday' } }))).toEqual([
      'optimised.A.updated: expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z',
    ]);
    expect(issuesOf((s) => (s.optimised = { A: { ...entry, params: { fast: [12] } } }))).toEqual([
      'optimised.A.params.fast: expected a number, a string or true/false',
    ]);
  });

  it('rejects a document that is not an object', () => {
    expect(validateSpec(null)).toEqual({ ok: false, issues: [{ path: '', message: 'expected an object, got null' }] });
  });
});

describe('parameter rules', () => {
  it.each([
    [
      'an empty range',
      { type: 'int', min: 5, max: 5, default: 5 },
      'parameters.p.max: empty range: min and max are both 5',
    ],
    ['max below min', { type: 'int', min: 9, max: 5, default: 5 }, 'parameters.p.max: max (5) must be above min (9)'],
    [
      'default outside',
      { type: 'int', min: 5, max: 50, default: 60 },
      'parameters.p.default: default 60 is outside [5, 50]',
    ],
    [
      'default off the grid',
      { type: 'int', min: 5, max: 50, step: 2, default: 6 },
      'parameters.p.default: default 6 is not on the grid 5, 7, 9, … (step 2)',
    ],
    [
      'float default off the grid',
      { type: 'float', min: 1, max: 3, step: 0.25, default: 2.1 },
      'parameters.p.default: default 2.1 is not on the grid 1, 1.25, 1.5, … (step 0.25)',
    ],
    ['zero step', { type: 'float', min: 1, max: 3, step: 0, default: 2 }, 'parameters.p.step: step must be > 0, got 0'],
    [
      'a whole int step',
      { type: 'int', min: 1, max: 3, step: 0.5, default: 2 },
      'parameters.p.step: expected a whole number, got 0.5',
    ],
    [
      'a whole int bound',
      { type: 'int', min: 1.5, max: 3, default: 2 },
      'parameters.p.min: expected a whole number, got 1.5',
    ],
    [
      'log with min <= 0',
      { type: 'float', min: 0, max: 1, log: true, default: 0.5 },
      'parameters.p.log: a log scale needs min > 0, got min 0',
    ],
    [
      'empty choice',
      { type: 'choice', options: [], default: 1 },
      'parameters.p.options: options must be a non-empty list of all numbers or all strings',
    ],
    [
      'mixed choice',
      { type: 'choice', options: [1, 'a'], default: 1 },
      'parameters.p.options: options must be a non-empty list of all numbers or all strings',
    ],
    [
      'duplicate option',
      { type: 'choice', options: [7, 14, 7], default: 7 },
      'parameters.p.options[2]: duplicate option 7',
    ],
    [
      'default not an option',
      { type: 'choice', options: ['a', 'b'], default: 'c' },
      'parameters.p.default: default "c" is not one of the options ("a", "b")',
    ],
    [
      'choice default of the wrong type',
      { type: 'choice', options: [1, 2], default: true },
      'parameters.p.default: default must be a number or a string',
    ],
    ['bool default', { type: 'bool', default: 1 }, 'parameters.p.default: expected true or false, got 1'],
    ['no default', { type: 'int', min: 1, max: 3 }, 'parameters.p.default: is required'],
    [
      'unknown type',
      { type: 'integer', min: 1, max: 3, default: 2 },
      'parameters.p.type: unknown type "integer"; expected int, float, bool or choice; did you mean \'int\'?',
    ],
  ])('%s', (_label, def, message) => {
    expect(issuesOf((s) => (s.parameters.p = def))).toEqual([message]);
  });

  it('accepts a float default on its grid despite rounding', () => {
    expect(issuesOf((s) => (s.parameters.p = { type: 'float', min: 0.1, max: 1, step: 0.1, default: 0.7 }))).toEqual(
      [],
    );
  });
});

describe('names', () => {
  it('must be identifiers', () => {
    expect(issuesOf((s) => (s.parameters.Fast = { type: 'bool', default: true }))).toEqual([
      'parameters.Fast: names use lowercase letters, digits and _, and do not start with a digit',
    ]);
    expect(issuesOf((s) => (s.indicators['2x'] = 'close * 2'))).toEqual([
      'indicators.2x: names use lowercase letters, digits and _, and do not start with a digit',
    ]);
  });

  it('may not be reserved', () => {
    expect(issuesOf((s) => (s.parameters.close = { type: 'bool', default: true }))).toEqual([
      "parameters.close: 'close' is reserved (a price field)",
    ]);
    expect(issuesOf((s) => (s.indicators.ema = 'close'))).toEqual(["indicators.ema: 'ema' is reserved (a function)"]);
    expect(issuesOf((s) => (s.signals.not = 'true'))).toEqual(["signals.not: 'not' is reserved (a keyword)"]);
  });

  it('are unique across parameters, indicators and signals', () => {
    expect(issuesOf((s) => (s.indicators.fast = 'close'))).toEqual(["indicators.fast: 'fast' is already a parameter"]);
    expect(issuesOf((s) => (s.signals.fast_ema = 'close > 1'))).toEqual([
      "signals.fast_ema: 'fast_ema' is already an indicator",
    ]);
  });
});

describe('states and transitions', () => {
  it('needs the action to agree with from and to', () => {
    expect(issuesOf((s) => (s.states.transitions[0].action = 'exit'))).toEqual([
      "states.transitions[0].action: 'exit' goes from long or short to flat, not flat to long; use 'enter'",
    ]);
    expect(issuesOf((s) => (s.states.transitions[1].action = 'reverse'))).toEqual([
      "states.transitions[1].action: 'reverse' goes from long to short or short to long, not long to flat; use 'exit'",
    ]);
    expect(
      issuesOf((s) => s.states.transitions.push({ from: 'long', to: 'short', on: 'go_flat', action: 'enter' })),
    ).toEqual([
      "states.transitions[2].action: 'enter' goes from flat to long or short, not long to short; use 'reverse'",
    ]);
    expect(
      issuesOf((s) => s.states.transitions.push({ from: 'long', to: 'long', on: 'go_flat', action: 'enter' })),
    ).toEqual(["states.transitions[2].action: a transition must change the state; from and to are both 'long'"]);
    expect(
      issuesOf((s) => s.states.transitions.push({ from: 'long', to: 'short', on: 'go_flat', action: 'reverse' })),
    ).toEqual([]);
  });

  it('needs `on` to name a signal', () => {
    expect(issuesOf((s) => (s.states.transitions[0].on = 'go_lnog'))).toEqual([
      "states.transitions[0].on: 'go_lnog' is not a signal; did you mean 'go_long'?",
    ]);
    expect(issuesOf((s) => (s.states.transitions[0].on = 'fast_ema'))).toEqual([
      "states.transitions[0].on: 'fast_ema' is not a signal",
    ]);
  });

  it('needs a way out of the initial state', () => {
    expect(issuesOf((s) => (s.states.initial = 'short'))).toEqual([
      "states.transitions: no transition leaves the initial state 'short'",
    ]);
    expect(issuesOf((s) => (s.states.transitions = []))).toEqual([
      'states.transitions: at least one transition is needed',
    ]);
    expect(issuesOf((s) => (s.states.transitions[0].from = 'sideways'))).toEqual([
      'states.transitions[0].from: expected one of flat, long, short, got "sideways"',
    ]);
  });

  it('checks literal sizes and risk fractions', () => {
    expect(issuesOf((s) => (s.states.transitions[0].size = 1.5))).toEqual([
      'states.transitions[0].size: size must be a fraction in (0, 1], got 1.5',
    ]);
    expect(issuesOf((s) => (s.states.transitions[0].size = 0))).toEqual([
      'states.transitions[0].size: size must be a fraction in (0, 1], got 0',
    ]);
    expect(issuesOf((s) => (s.risk.stop_loss = 5))).toEqual([
      'risk.stop_loss: stop_loss must be a fraction in (0, 1), got 5',
    ]);
    expect(issuesOf((s) => (s.risk.take_profit = 1))).toEqual([
      'risk.take_profit: take_profit must be a fraction in (0, 1), got 1',
    ]);
    expect(issuesOf((s) => (s.risk.position_size = 1))).toEqual([]);
    expect(issuesOf((s) => (s.risk.position_size = true))).toEqual([
      'risk.position_size: position_size must be a number or a constant expression string',
    ]);
    expect(issuesOf((s) => (s.costs = { fee_bps: -1 }))).toEqual(['costs.fee_bps: fee_bps must be >= 0']);
  });
});

describe('collecting problems', () => {
  it('keeps checking expressions when another section is broken', () => {
    expect(
      issuesOf((s) => {
        s.timeframe = '7h';
        s.parameters.slow.max = 10;
        s.signals.go_long = 'crosses_above(fast_ema, slow_em)';
      }),
    ).toEqual([
      'timeframe: expected one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w, got "7h"; did you mean \'1h\'?',
      'parameters.slow.max: max (10) must be above min (20)',
      "signals.go_long: unknown name 'slow_em' at col 25; did you mean 'slow_ema'?",
    ]);
  });

  it('does not report references to a definition that is itself broken', () => {
    expect(
      issuesOf((s) => {
        s.parameters.fast = { type: 'int', min: 5, max: 50 };
        s.indicators.slow_ema = 42;
      }),
    ).toEqual(['parameters.fast.default: is required', 'indicators.slow_ema: expected a string, got 42']);
  });
});

describe('specJsonSchema', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the test walks an untyped JSON Schema document
  const schema = specJsonSchema() as Record<string, any>;

  it('has an id, a title and the strict top level', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:fleet:strategy-spec');
    expect(schema.title).toBe('fleet strategy spec');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual([
      'name',
      'version',
      'description',
      'logic',
      'timeframe',
      'universe',
      'signals',
      'states',
    ]);
  });

  it('describes parameters, identifiers and defaults', () => {
    expect(schema.properties.parameters.propertyNames.pattern).toBe('^[a-z_][a-z0-9_]*$');
    expect(schema.properties.parameters.additionalProperties.oneOf).toHaveLength(4);
    expect(schema.properties.universe.uniqueItems).toBe(true);
    expect(schema.properties.costs.properties.fee_bps.default).toBe(10);
    expect(schema.properties.timeframe.enum).toContain('1h');
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('agrees with the validator on the fixture', () => {
    expect(validateSpec(baseSpec()).ok).toBe(true);
  });
});
