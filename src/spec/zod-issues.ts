import type { z } from 'zod';
import { didYouMean } from '../core/index.js';
import type { SpecIssue } from './errors.js';
import { PARAMETER_TYPES, schemas } from './schema.js';

/** zod's issues re-worded into one-line messages with dotted paths (`states.transitions[0].on`). */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], root: unknown): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(issue.path, root);
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: `unknown key${didYouMean(key, known)}` });
      }
    } else {
      out.push({ path: formatPath(issue.path), message: reword(issue) });
    }
  }
  return out;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z0-9_$-]+$/.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(String(part))}]`;
  }
  return text;
}

function reword(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(input)}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const hint = typeof input === 'string' ? didYouMean(input, values) : '';
      if (values.length === 1) return `expected ${JSON.stringify(issue.values[0])}, got ${describeValue(input)}`;
      return `expected one of ${values.join(', ')}, got ${describeValue(input)}${hint}`;
    }
    case 'invalid_union': {
      if (issue.discriminator === undefined) return issue.message;
      const value = isObject(input) ? input[issue.discriminator] : undefined;
      const expected = `${PARAMETER_TYPES.slice(0, -1).join(', ')} or ${PARAMETER_TYPES.at(-1)}`;
      if (value === undefined) return `is required (${expected})`;
      const hint = typeof value === 'string' ? didYouMean(value, PARAMETER_TYPES) : '';
      return `unknown type ${describeValue(value)}; expected ${expected}${hint}`;
    }
    case 'too_small':
    case 'too_big':
      return issue.message.startsWith('Too ') ? bound(issue, input) : issue.message;
    case 'invalid_key':
      return issue.issues[0]?.message ?? issue.message;
    default:
      return issue.message;
  }
}

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, input: unknown): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'string') {
    return small && limit === 1
      ? 'must not be empty'
      : `must have ${small ? 'at least' : 'at most'} ${limit} characters`;
  }
  if (issue.origin === 'array') return `needs ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`;
  const op = small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${op} ${limit}, got ${describeValue(input)}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys allowed where an unknown key was found, judged by the path and the raw input. */
function knownKeys(path: readonly PropertyKey[], root: unknown): readonly string[] {
  const [head, second, third] = path;
  if (path.length === 0) return schemas().KNOWN_KEYS.root;
  if (head === 'parameters' && path.length === 2) {
    const param = isObject(root) && isObject(root.parameters) ? root.parameters[String(second)] : undefined;
    const type = isObject(param) ? param.type : undefined;
    if (type === 'int' || type === 'float' || type === 'bool' || type === 'choice') return schemas().KNOWN_KEYS[type];
    return [...new Set(PARAMETER_TYPES.flatMap((t) => schemas().KNOWN_KEYS[t]))];
  }
  if (head === 'states' && path.length === 1) return schemas().KNOWN_KEYS.states;
  if (head === 'states' && second === 'transitions' && typeof third === 'number')
    return schemas().KNOWN_KEYS.transition;
  if (head === 'risk' && path.length === 1) return schemas().KNOWN_KEYS.risk;
  if (head === 'costs' && path.length === 1) return schemas().KNOWN_KEYS.costs;
  return [];
}
