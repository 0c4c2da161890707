import { basename } from 'node:path';
import { UsageError } from '../../core/index.js';
import { checkDatabaseUrl, DEFAULT_STRATEGY_TEMPLATE, scaffoldProject, strategyTemplates } from '../../fleet/index.js';
import { fleetCommand } from '../invocation.js';
import { askChoice, askText } from '../prompts.js';
import { interactive, stdout } from '../terminal.js';

interface NewFlags {
  name?: string;
  strategy?: string;
  exchange?: string;
  database?: string;
  force?: boolean;
  yes?: boolean;
  json?: boolean;
}

const DEFAULT_DIR = 'my-fleet';
/** Offered on the terminal; --exchange takes any ccxt exchange id. */
const EXCHANGES = ['sandbox', 'binance', 'bybit', 'coinbase', 'kraken', 'okx'];

/**
 * On a terminal, asks for what the flags left open; with --yes, or without a terminal, every
 * missing value takes its default (the folder alone is required there, unless --yes).
 */
export async function newCommand(dir: string | undefined, flags: NewFlags): Promise<void> {
  const ask = interactive() && !flags.yes;
  const target =
    dir ??
    (flags.yes ? DEFAULT_DIR : await askText('<dir>', 'Where should the project go?', { placeholder: DEFAULT_DIR }));
  const name =
    flags.name ?? (ask ? await askText('--name', 'Project name?', { initialValue: basename(target) }) : undefined);
  const exchange =
    flags.exchange ??
    (ask
      ? await askChoice(
          '--exchange',
          'Which exchange will the first bot trade on?',
          EXCHANGES.map((id) => ({
            value: id,
            label: id,
            hint: id === 'sandbox' ? 'simulated prices, no keys' : 'paper first; --exchange takes any ccxt id',
          })),
          'sandbox',
        )
      : undefined);
  const database = flags.database ?? (ask ? await askDatabase() : 'embedded');
  const strategy =
    flags.strategy ??
    (ask
      ? await askChoice(
          '--strategy',
          'Which example strategy to start from?',
          await strategyTemplates(),
          DEFAULT_STRATEGY_TEMPLATE,
        )
      : DEFAULT_STRATEGY_TEMPLATE);
  const result = await scaffoldProject({
    dir: target,
    name,
    strategy,
    exchange,
    databaseUrl: database === 'embedded' ? undefined : database,
    force: flags.force,
  });
  if (flags.json) {
    stdout.json(result);
    return;
  }
  stdout.line(`created ${result.name} in ${result.dir}`);
  for (const file of result.files) stdout.line(`  ${file}`);
  stdout.line(`\nnext: cd ${target} && ${fleetCommand()} screen strategies/${result.strategy}.json --universe sandbox`);
}

async function askDatabase(): Promise<string> {
  const kind = await askChoice(
    '--database',
    'Which database?',
    [
      { value: 'embedded', label: 'embedded', hint: 'under .fleet/db, nothing to set up' },
      { value: 'url', label: 'a Postgres server', hint: 'its URL goes to .env as DATABASE_URL' },
    ],
    'embedded',
  );
  if (kind === 'embedded') return kind;
  return askText('--database', 'Postgres URL?', {
    placeholder: 'postgres://user:password@127.0.0.1:5432/fleet',
    check: (url) => {
      try {
        checkDatabaseUrl(url);
        return undefined;
      } catch (error) {
        return error instanceof UsageError ? error.message : String(error);
      }
    },
  });
}
