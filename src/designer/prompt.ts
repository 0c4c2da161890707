import { SANDBOX_UNIVERSE } from '../data/index.js';
import { FUNCTIONS, specJsonSchema } from '../spec/index.js';
import type { IdiomDraft } from './idiom.js';
import { IDIOMS } from './offline.js';
import type { SmokeResult } from './smoke.js';

const GRAMMAR = `expr    := or
or      := and (("or" | "||") and)*
and     := not (("and" | "&&") not)*
not     := ("not" | "!") not | cmp
cmp     := add [("<" | "<=" | ">" | ">=" | "==" | "!=") add]     comparisons do not chain
add     := mul (("+" | "-") mul)*
mul     := neg (("*" | "/") neg)*
neg     := "-" neg | primary
primary := number | "true" | "false" | string | name | name "(" args ")" | "(" expr ")"`;

/** The function catalogue, one line each, from the checker's own table. */
function catalogue(): string {
  return Object.entries(FUNCTIONS)
    .map(([name, f]) => `${name}(${f.args.map((a) => `${a.name}: ${a.kind}`).join(', ')}) -> ${f.returns}: ${f.doc}`)
    .join('\n');
}

/** Two complete, valid specs from the offline designer, as examples of the format. */
function examples(): string {
  const pick = (id: string, idea: string): string => {
    const idiom = IDIOMS.find((i) => i.id === id);
    const draft: IdiomDraft | undefined = idiom?.build(idea);
    return JSON.stringify({ name: id, version: 1, timeframe: '1h', ...draft }, null, 2);
  };
  return `${pick('ema-cross', idiomExample('ema-cross'))}\n\n${pick('rsi-threshold', idiomExample('rsi-threshold'))}`;
}

const idiomExample = (id: string): string => IDIOMS.find((i) => i.id === id)?.example ?? '';

/** The spec's JSON Schema without the blocks fleet writes itself (provenance, optimised, $schema). */
export function modelSchema(): Record<string, unknown> {
  const { $schema: _draft, ...schema } = specJsonSchema();
  const { provenance: _p, optimised: _o, $schema: _s, ...properties } = schema.properties as Record<string, unknown>;
  return { ...schema, properties };
}

/** The instructions: the schema, the expression language, the functions, two examples, the sandbox. */
export function systemPrompt(): string {
  const sandbox = SANDBOX_UNIVERSE.map((p) => `${p.symbol}: ${p.description}`).join('\n');
  return [
    'You design trading strategies for fleet as a strategy_spec.json document: data, never code.',
    'Answer with exactly one JSON object that follows the JSON Schema below. Do not add keys it does not list.',
    'Parameters need sensible ranges for an optimiser (min < max, default inside, on the step grid), constraints between them (e.g. "fast < slow"), a plain-language `logic` (why it should work, when it fails), a stop_loss and a universe of sandbox instruments that suit the idea.',
    'Names in parameters, indicators and signals are identifiers ([a-z_][a-z0-9_]*), unique across the three, and not price fields, keywords or function names.',
    '',
    '## JSON Schema',
    JSON.stringify(modelSchema()),
    '',
    '## Expression grammar',
    GRAMMAR,
    'Names: the price fields open high low close volume, parameters, indicators and signals. Indicators are number series, signals are bool series, constraints are constant bool expressions over parameters. Window lengths (period kind) must be constant whole numbers >= 1 (a literal or an int parameter). Indicators are NaN during warm-up and a signal that reads a NaN is false.',
    '',
    '## Functions',
    catalogue(),
    '',
    '## Sandbox instruments (the smoke backtest runs on these)',
    sandbox,
    '',
    '## Two valid examples',
    examples(),
  ].join('\n');
}

/** The first request: the idea and the bar length. */
export function ideaPrompt(idea: string, timeframe: string): string {
  return `Design a strategy spec for this idea, on ${timeframe} bars:\n\n${idea}`;
}

/** The repair request: the exact problems, one a line. */
export function repairPrompt(problems: readonly string[]): string {
  return `That spec is not usable yet. Fix every problem below and answer with the whole corrected JSON object.\n\n${problems.join('\n')}`;
}

/** The smoke-test problem line. */
export function smokeProblem(smoke: SmokeResult): string {
  return `smoke backtest: the spec never entered a position with its default parameters on ${smoke.bars} sandbox bars of ${smoke.symbol} (or any other instrument of its universe); loosen the entry signal or its defaults`;
}
