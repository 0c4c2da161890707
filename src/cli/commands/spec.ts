import { InputError } from '../../core/index.js';
import { readSpecJson, specJsonSchema, validateSpec } from '../../spec/index.js';
import { counted } from '../render.js';
import { stderr, stdout } from '../terminal.js';

export function specSchemaCommand(): void {
  stdout.json(specJsonSchema());
}

/** Lists every problem (not just the first), then fails with one summary line if there was any. */
export async function specValidateCommand(file: string, flags: { json?: boolean }): Promise<void> {
  const result = validateSpec(await readSpecJson(file));
  if (flags.json) {
    stdout.json(
      result.ok ? { file, valid: true, name: result.spec.name } : { file, valid: false, issues: result.issues },
    );
  } else if (result.ok) {
    stdout.line(`${file}: valid (${result.spec.name}, ${Object.keys(result.spec.parameters ?? {}).length} parameters)`);
  } else {
    for (const issue of result.issues) stderr.line(`${file}: ${issue.path}: ${issue.message}`);
  }
  // The problems are listed above (or in the JSON); one summary line ends it.
  if (!result.ok)
    throw new InputError(`${counted(result.issues.length, 'problem')} in ${file}: not a valid strategy spec`);
}
