import { UsageError } from '../core/index.js';

/** A postgres:// or postgresql:// URL on one line (it is written to .env as is). */
export function checkDatabaseUrl(url: string): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (!/^postgres(ql)?:$/.test(protocol) || /[\s\u0000-\u001f\u007f]/.test(url)) {
    throw new UsageError('the database must be embedded or a postgres://user:password@host:5432/db URL');
  }
}
