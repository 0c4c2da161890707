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
    const message = error instanceof Error ? error.message : String(error);
    stderr.error(`unexpected error: ${message}${debug ? '' : ' (run with --debug for details)'}`);
    if (debug && error instanceof Error && error.stack) stderr.line(error.stack);
    return ExitCode.failure;
  }
}
