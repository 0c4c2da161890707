import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { UsageError, writeFileAtomic } from '../core/index.js';
import type { StrategySpecInput } from '../spec/index.js';

/** How fleet design made a spec: the `provenance` block of the spec file. */
export interface Provenance {
  readonly provider: string;
  readonly model: string;
  readonly idea: string;
  readonly prompt_sha256: string;
  /** ISO 8601, UTC. */
  readonly created: string;
  readonly repair_rounds: number;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const NAME = /^[a-z][a-z0-9_-]*$/;

/** Checks a --name before any work is done: exit 2, not a spec error after a model call. */
export function checkSpecName(name: string): void {
  if (name.length > 64 || !NAME.test(name)) {
    throw new UsageError(
      `--name ${JSON.stringify(name)}: use lowercase letters, digits, - and _, starting with a letter (at most 64)`,
    );
  }
}

/**
 * The spec's fields in the order docs/spec.md lists them, with the given name, timeframe and
 * provenance over whatever the draft said, and without `$schema` or `optimised`.
 */
export function withProvenance(
  draft: Record<string, unknown>,
  fields: { name: string; timeframe: string; provenance: Provenance },
): StrategySpecInput {
  // A fresh design has no tuned values, whatever a model wrote there.
  const {
    $schema: _s,
    name: _n,
    version,
    description,
    logic,
    timeframe: _t,
    provenance: _p,
    optimised: _o,
    ...rest
  } = draft;
  return {
    name: fields.name,
    version: typeof version === 'number' ? version : 1,
    description,
    logic,
    timeframe: fields.timeframe,
    ...rest,
    provenance: fields.provenance,
  } as StrategySpecInput;
}

/** Refuses an existing file unless `force`; the check runs before any model is asked. */
export async function checkOutFile(path: string, force: boolean): Promise<void> {
  if (force) return;
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (exists) throw new UsageError(`${path} already exists; pass --force to overwrite it`);
}

/** Writes the spec atomically (a reader sees the old file or the new one, never half). */
export async function writeSpecFile(path: string, spec: StrategySpecInput, force: boolean): Promise<void> {
  await checkOutFile(path, force);
  await writeFileAtomic(path, `${JSON.stringify(spec, null, 2)}\n`);
}
