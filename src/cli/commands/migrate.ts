import { migrate, migrationStatus, openStore } from '../../store/index.js';
import { stderr, stdout } from '../terminal.js';
import { databaseProgress } from './database-notices.js';

/** `fleet migrate [--status] [--json]`: bring the database schema up to date, or show where it is. */
export async function migrateCommand(flags: { status?: boolean; json?: boolean }): Promise<void> {
  const store = await openStore({ onProgress: databaseProgress });
  try {
    if (flags.status) {
      const status = await migrationStatus(store);
      if (flags.json) {
        stdout.json({ database: store.url, kind: store.kind, ...status });
        return;
      }
      stdout.line(`database: ${store.url} (${store.kind})`);
      stdout.line(`applied: ${status.applied.length === 0 ? 'none' : status.applied.join(', ')}`);
      stdout.line(`pending: ${status.pending.length === 0 ? 'none' : status.pending.join(', ')}`);
      if (status.unknown.length > 0)
        stderr.warn(
          `the database has migrations this fleet does not know (${status.unknown.join(', ')}): upgrade fleet`,
        );
      return;
    }
    const result = await migrate(store);
    if (flags.json) {
      stdout.json({ database: store.url, kind: store.kind, ...result });
      return;
    }
    if (result.applied.length === 0) stdout.line(`up to date (${result.current})`);
    else for (const name of result.applied) stdout.line(`applied ${name}`);
  } finally {
    await store.close();
  }
}
