import { syncBots } from '../../fleet/index.js';
import { stderr, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';

/** `fleet register [--json]`: puts fleet.config.json's bots into the database (new bots start in paper). */
export async function registerCommand(flags: { json?: boolean }): Promise<void> {
  const result = await withFleetStore((store) => syncBots(store, process.cwd()));
  if (flags.json) {
    stdout.json(result);
    return;
  }
  for (const bot of result.created) stdout.line(`${bot}: registered (paper)`);
  for (const bot of result.updated) stdout.line(`${bot}: updated`);
  for (const bot of result.unchanged) stdout.line(`${bot}: unchanged`);
  if (result.created.length + result.updated.length + result.unchanged.length === 0)
    stdout.line('fleet.config.json declares no bots');
  if (result.undeclared.length > 0)
    stderr.warn(`registered but no longer in fleet.config.json (left as they are): ${result.undeclared.join(', ')}`);
}
