import { readFile } from 'node:fs/promises';
import { InputError } from '../../core/index.js';
import { specJsonSchema, validateSpec } from '../../spec/index.js';
import { stderr, stdout } from '../terminal.js';

export function specSchemaCommand(): void {
  stdout.json(specJsonSchema());
}

/** Lists every problem (not just the first), then fails if there was any. */
export async function specValidateCommand(file: string, flags: { json?: boolean }): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`);
  }
  const result = validateSpec(json);
  if (flags.json) {
    stdout.json(
      result.ok ? { file, valid: true, name: result.spec.name } : { file, valid: false, issues: result.issues },
    );
  } else if (result.ok) {
    stdout.line(`${file}: valid (${result.spec.name}, ${Object.keys(result.spec.parameters ?? {}).length} parameters)`);
  } else {
    for (const issue of result.issues) stderr.line(`${file}: ${issue.path}: ${issue.message}`);
  }
  if (!result.ok) {
    const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more problems)` : '';
    throw new InputError(`${file} is not a valid strategy spec${more}`);
  }
}
