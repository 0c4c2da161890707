import { migrate, migrationStatus, type Store } from '../../store/index.js';
import { stderr, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';

/** `fleet migrate [--status] [--json]`: bring the database schema up to date, or show where it is. */
export async function migrateCommand(flags: { status?: boolean; json?: boolean }): Promise<void> {
  const json = flags.json === true;
  await withFleetStore((store) => (flags.status ? showStatus(store, json) : migrateNow(store, json)), {
    schema: 'as-is',
  });
}

async function showStatus(store: Store, json: boolean): Promise<void> {
  const status = await migrationStatus(store);
  if (json) {
    stdout.json({ database: store.url, kind: store.kind, ...status });
    return;
  }
  stdout.line(`database: ${store.url} (${store.kind})`);
  stdout.line(`applied: ${status.applied.length === 0 ? 'none' : status.applied.join(', ')}`);
  stdout.line(`pending: ${status.pending.length === 0 ? 'none' : status.pending.join(', ')}`);
  if (status.unknown.length > 0)
    stderr.warn(`the database has migrations this fleet does not know (${status.unknown.join(', ')}): upgrade fleet`);
}

async function migrateNow(store: Store, json: boolean): Promise<void> {
  const result = await migrate(store);
  if (json) {
    stdout.json({ database: store.url, kind: store.kind, ...result });
    return;
  }
  if (result.applied.length === 0) stdout.line(`up to date (${result.current})`);
  else for (const name of result.applied) stdout.line(`applied ${name}`);
}
