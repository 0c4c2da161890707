import { didYouMean, isReservedKey, UsageError } from '../core/index.js';
import type { ParamValues } from './const-eval.js';
import { IDENTIFIER, onGrid, type ParameterSpec } from './schema.js';
import type { CheckedSpec } from './spec-check.js';
import { valueProblems } from './value-checks.js';

/**
 * The parameter values a run uses: the spec's defaults overlaid with `overrides`, each checked
 * against its definition, then the constraints, window lengths and risk fractions checked with
 * the result. Strings such as "12" or "true" (from a command line) are accepted for numbers and
 * bools; undefined values are ignored. Throws UsageError, prefixed with `options.source` (e.g. "--params") when given.
 */
export function resolveParams(
  checked: CheckedSpec,
  overrides: Readonly<Record<string, unknown>> = {},
  options: { source?: string } = {},
): ParamValues {
  const prefix = options.source === undefined ? '' : `${options.source}: `;
  const fail = (message: string): never => {
    throw new UsageError(prefix + message);
  };
  const defs = checked.spec.parameters;
  const names = Object.keys(defs);
  const values: Record<string, number | boolean | string> = {};
  for (const name of names) values[name] = defs[name].default;
  for (const [name, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue; // an unset optional value, as from `{ ...flags }`
    if (!Object.hasOwn(defs, name)) {
      const known = names.length === 0 ? 'the spec has no parameters' : `known: ${names.join(', ')}`;
      fail(`unknown parameter '${name}'${didYouMean(name, names)} (${known})`);
    }
    const value = coerce(defs[name], raw);
    const problem = paramProblem(defs[name], value);
    if (problem !== undefined) fail(`parameter '${name}' ${problem}, got ${show(raw)}`);
    values[name] = value as number | boolean | string;
  }
  const frozen = Object.freeze(values);
  const [first] = valueProblems(checked, frozen);
  if (first !== undefined)
    fail(first.path.startsWith('constraints') ? first.message : `${first.path}: ${first.message}`);
  return frozen;
}

/** Command-line spellings turned into the parameter's own type; anything else is left as is. */
function coerce(def: ParameterSpec, raw: unknown): unknown {
  if (typeof raw !== 'string') {
    if (def.type === 'choice' && typeof raw === 'number' && typeof def.options[0] === 'string') return String(raw);
    return raw;
  }
  const text = raw.trim();
  if (def.type === 'bool') return text === 'true' ? true : text === 'false' ? false : raw;
  const isNumeric = def.type === 'int' || def.type === 'float' || typeof def.options[0] === 'number';
  if (isNumeric && text !== '' && Number.isFinite(Number(text))) return Number(text);
  return raw;
}

/** Why `value` is not allowed for `def`, phrased to follow "parameter 'x' ". */
function paramProblem(def: ParameterSpec, value: unknown): string | undefined {
  switch (def.type) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'choice': {
      const options: readonly unknown[] = def.options;
      return options.includes(value) ? undefined : `must be one of ${def.options.map((o) => show(o)).join(', ')}`;
    }
    case 'int':
    case 'float': {
      const range = `[${def.min}, ${def.max}]`;
      const what = def.type === 'int' ? `a whole number in ${range}` : `a number in ${range}`;
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be ${what}`;
      if (def.type === 'int' && !Number.isInteger(value)) return `must be ${what}`;
      if (value < def.min || value > def.max) return `must be in ${range}`;
      if (def.type === 'int' && def.step !== undefined && !onGrid(value, def.min, def.step)) {
        return `must be on the grid ${def.min}, ${def.min + def.step}, ${def.min + 2 * def.step}, … (step ${def.step}) in ${range}`;
      }
      return undefined;
    }
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * `--params fast=12,slow=40,use_filter=false,mode=trend` as a record. Values that read as numbers
 * or as true/false become those; anything else (optionally in double quotes) is a string.
 */
export function parseParamAssignments(text: string): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  if (text.trim() === '') return out;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (eq < 0 || name === '' || value === '') {
      throw new UsageError(`--params: expected name=value, got '${part.trim()}'`);
    }
    if (!IDENTIFIER.test(name) || isReservedKey(name)) {
      throw new UsageError(`--params: '${name}' is not a parameter name`);
    }
    if (Object.hasOwn(out, name)) throw new UsageError(`--params: '${name}' is given twice`);
    out[name] = parseValue(value);
  }
  return out;
}

function parseValue(text: string): number | boolean | string {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const n = Number(text);
  if (Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return n;
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1);
  return text;
}
