import { addBot } from '../../fleet/index.js';
import { fleetCommand } from '../invocation.js';
import { stdout } from '../terminal.js';

interface NewBotFlags {
  spec: string;
  symbol: string;
  exchange?: string;
  json?: boolean;
}

export async function newBotCommand(name: string, flags: NewBotFlags): Promise<void> {
  const result = await addBot({
    dir: process.cwd(),
    name,
    spec: flags.spec,
    symbol: flags.symbol,
    exchange: flags.exchange,
  });
  if (flags.json) {
    stdout.json(result);
    return;
  }
  const { bot } = result;
  stdout.line(`added ${bot.name} (${bot.spec} on ${bot.exchange} ${bot.symbol}) to ${result.file}`);
  stdout.line(`\nnext: ${fleetCommand()} register`);
}
