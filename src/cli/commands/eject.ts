import { ejectSpecFile } from '../../strategy/index.js';
import { stdout } from '../terminal.js';

interface EjectFlags {
  out?: string;
  force?: boolean;
  json?: boolean;
}

export async function ejectCommand(spec: string, flags: EjectFlags): Promise<void> {
  const result = await ejectSpecFile(spec, { out: flags.out, force: flags.force });
  if (flags.json) {
    stdout.json(result);
    return;
  }
  stdout.line(`ejected ${result.spec} as ${result.className}`);
  for (const file of result.files) stdout.line(`  ${file}`);
  stdout.line(`\nnext: npx vitest run ${result.files[1]}   # the module and the spec must agree`);
}
