import type { z } from 'zod';
import { findJsonHazard } from '../core/index.js';
import { SpecError, type SpecIssue } from './errors.js';
import { IDENTIFIER, type ParameterSpec, type StrategySpec, schemas } from './schema.js';
import { type CheckedSpec, checkParts, type SpecParts } from './spec-check.js';
import { valueProblems } from './value-checks.js';
import { formatPath, fromZodIssues } from './zod-issues.js';

export type ValidationResult =
  | { readonly ok: true; readonly spec: StrategySpec; readonly checked: CheckedSpec }
  | { readonly ok: false; readonly issues: readonly SpecIssue[] };

/**
 * Every problem in a parsed JSON document: schema problems first, then names, expressions,
 * transitions and risk, then values that break with the default parameters. When the schema check
 * fails, the cross-field checks still run on whatever sections are intact, so one typo does not
 * hide the rest.
 */
export function validateSpec(json: unknown): ValidationResult {
  // Before zod, which would drop a "__proto__" key without a word (or overflow on deep nesting).
  const hazard = findJsonHazard(json);
  if (hazard !== undefined) return { ok: false, issues: [{ path: formatPath(hazard.path), message: hazard.message }] };
  const parsed = schemas().specSchema.safeParse(json, { reportInput: true });
  if (parsed.success) {
    const spec = parsed.data;
    const parts: SpecParts = { ...spec, broken: new Set(), incomplete: false };
    const { issues, checked } = checkParts(parts);
    if (issues.length === 0) issues.push(...defaultsProblems(checked, spec.parameters));
    if (issues.length > 0) return { ok: false, issues };
    return { ok: true, spec, checked: { spec, ...checked } };
  }
  const issues = fromZodIssues(parsed.error.issues, json);
  const parts = salvage(json);
  if (parts !== undefined) {
    const more = checkParts(parts);
    issues.push(...more.issues);
    if (more.issues.length === 0 && !parts.incomplete && parts.broken.size === 0) {
      issues.push(...defaultsProblems(more.checked, parts.parameters));
    }
  }
  return { ok: false, issues };
}

/** Like `validateSpec` for a spec already in memory (say, built in code); throws SpecError. */
export function checkSpec(spec: StrategySpec): CheckedSpec {
  const result = validateSpec(spec);
  if (!result.ok) throw new SpecError(result.issues);
  return result.checked;
}

/** Validates parsed JSON; throws SpecError (`<file>: <path>: <message> (and N more problems)`). */
export function loadSpec(json: unknown, file?: string): CheckedSpec {
  const result = validateSpec(json);
  if (!result.ok) throw new SpecError(result.issues, file);
  return result.checked;
}

function defaultsProblems(checked: Parameters<typeof valueProblems>[0], parameters: SpecParts['parameters']) {
  const defaults = Object.fromEntries(Object.entries(parameters).map(([name, p]) => [name, p.default]));
  return valueProblems(checked, defaults).map((issue) => ({
    path: issue.path,
    message: `${issue.message} with the default parameters`,
  }));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The sections of an invalid document that are individually valid, entry by entry for the maps. */
function salvage(json: unknown): SpecParts | undefined {
  if (!isObject(json)) return undefined;
  const broken = new Set<string>();
  let incomplete = false;
  const entries = <T>(raw: unknown, schema: z.ZodType<T>): Record<string, T> | undefined => {
    if (raw === undefined) return {};
    if (!isObject(raw)) {
      incomplete = true;
      return undefined;
    }
    const out: Record<string, T> = {};
    for (const [name, value] of Object.entries(raw)) {
      const result = schema.safeParse(value);
      if (result.success && IDENTIFIER.test(name)) out[name] = result.data;
      else broken.add(name);
    }
    return out;
  };
  const section = <T>(raw: unknown, schema: z.ZodType<T>): T | undefined => {
    const result = schema.safeParse(raw);
    return result.success ? result.data : undefined;
  };
  const { specSchema, parameterSchema, statesSchema, riskSchema } = schemas();
  const parameters = entries<ParameterSpec>(json.parameters, parameterSchema) ?? {};
  const indicators = entries(json.indicators, specSchema.shape.signals.valueType);
  const signals = json.signals === undefined ? undefined : entries(json.signals, specSchema.shape.signals.valueType);
  if (signals === undefined) incomplete = true;
  const constraints = section(json.constraints ?? [], specSchema.shape.constraints);
  return {
    parameters,
    indicators,
    signals,
    constraints,
    states: section(json.states, statesSchema),
    risk: section(json.risk ?? {}, riskSchema),
    broken,
    incomplete,
  };
}
