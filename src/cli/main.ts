import { CommanderError } from 'commander';
import { ExitCode, FleetError } from '../core/index.js';
import { loadDotEnv } from './dotenv.js';
import { buildProgram } from './program.js';
import { stderr } from './terminal.js';

/**
 * The CLI's one catch: every error becomes a single line on stderr and an exit code
 * (0 ok, 1 failure, 2 usage, 3 refused for safety). `--debug` adds the stack.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    loadDotEnv();
    await program.parseAsync(argv as string[]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help/version text).
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof FleetError) {
      stderr.error(error.message);
      if (debug && error.stack) stderr.line(error.stack);
      return error.exitCode;
    }
    stderr.error(`unexpected error: ${describeThrown(error)}${debug ? '' : ' (run with --debug for details)'}`);
    if (debug && error instanceof Error && error.stack) stderr.line(error.stack);
    return ExitCode.failure;
  }
}

/**
 * One line for anything thrown. Libraries throw more than Errors: PGlite's file system throws
 * `{ name: 'ErrnoError', errno: 54 }`, which String() renders as "[object Object]".
 */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value !== 'object' || value === null) return String(value);
  const fields = value as { message?: unknown; name?: unknown; code?: unknown; errno?: unknown };
  const name = typeof fields.name === 'string' ? fields.name : 'error';
  if (typeof fields.message === 'string' && fields.message !== '') return fields.message;
  if (fields.code !== undefined) return `${name} ${String(fields.code)}`;
  if (fields.errno !== undefined) return `${name} (errno ${String(fields.errno)})`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return `an object with the keys ${Object.keys(value).join(', ')}`;
  }
}
