import { DEFAULT_STRATEGY_TEMPLATE, scaffoldProject, strategyTemplates } from '../../fleet/index.js';
import { fleetCommand } from '../invocation.js';
import { askChoice, askText } from '../prompts.js';
import { interactive, stdout } from '../terminal.js';

interface NewFlags {
  name?: string;
  strategy?: string;
  force?: boolean;
  json?: boolean;
}

export async function newCommand(dir: string | undefined, flags: NewFlags): Promise<void> {
  const target = dir ?? (await askText('<dir>', 'Where should the project go?', 'my-fleet'));
  const strategy =
    flags.strategy ??
    (interactive()
      ? await askChoice(
          '--strategy',
          'Which example strategy to start from?',
          await strategyTemplates(),
          DEFAULT_STRATEGY_TEMPLATE,
        )
      : DEFAULT_STRATEGY_TEMPLATE);
  const result = await scaffoldProject({ dir: target, name: flags.name, strategy, force: flags.force });
  if (flags.json) {
    stdout.json(result);
    return;
  }
  stdout.line(`created ${result.name} in ${result.dir}`);
  for (const file of result.files) stdout.line(`  ${file}`);
  stdout.line(`\nnext: cd ${target} && ${fleetCommand()} screen strategies/${result.strategy}.json --universe sandbox`);
}
