import { InputError } from '../core/index.js';

/** Turns a file-system error into an InputError a user can act on. */
export function fileError(path: string, error: unknown): InputError {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') return new InputError(`${path}: no such file`, { cause: error });
  if (code === 'EISDIR') return new InputError(`${path}: is a directory`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`${path}: permission denied`, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError(`${path}: ${reason}`, { cause: error });
}
