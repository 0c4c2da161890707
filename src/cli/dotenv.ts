import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads `.env` from the current folder into the environment, if there is one, the way the
 * project's .env.example suggests keeping secrets (DATABASE_URL, exchange keys, tokens). A variable
 * already set in the environment wins over the file, so CI and shells can always override it.
 */
export function loadDotEnv(dir = process.cwd()): void {
  const file = resolve(dir, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
