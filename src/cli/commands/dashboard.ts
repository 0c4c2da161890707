import { UsageError } from '../../core/index.js';
import {
  checkDashboardAddress,
  DEFAULT_DASHBOARD_HOST,
  DEFAULT_DASHBOARD_PORT,
  startDashboard,
} from '../../dashboard/index.js';
import type { Store } from '../../store/index.js';
import { wholeNumber } from '../flags.js';
import { stopOnSignals } from '../stop-signal.js';
import { stderr, stdout } from '../terminal.js';
import { actor, dbWaitSeconds, withFleetStore } from './fleet-store.js';

interface DashboardFlags {
  port?: string;
  host?: string;
  dbWait?: string;
}

/**
 * `fleet dashboard [--port 8787] [--host 127.0.0.1]`: serves the fleet page, a page per bot and
 * their JSON API until Ctrl-C. The database is opened as every long-running command opens it (on
 * the embedded one, as the owner or a client of whoever owns it), so it runs beside `fleet up`.
 */
export async function dashboardCommand(flags: DashboardFlags): Promise<void> {
  const port = wholeNumber('--port', flags.port, 0) ?? DEFAULT_DASHBOARD_PORT;
  if (port > 65_535) throw new UsageError(`--port must be a whole number from 0 to 65535, got '${flags.port}'`);
  const host = flags.host?.trim() || DEFAULT_DASHBOARD_HOST;
  // Empty counts as unset (an .env copied from .env.example): read-only, loopback only.
  const token = process.env.FLEET_DASHBOARD_TOKEN?.trim() || undefined;
  // Before the database is opened: a wrong flag costs nothing.
  checkDashboardAddress({ host, port, ...(token === undefined ? {} : { token }) });
  const dbWait = dbWaitSeconds(flags.dbWait);
  await withFleetStore((store) => serve(store, { host, port, token }), { dbWait });
}

/** Serves the dashboard until SIGINT or SIGTERM. */
async function serve(store: Store, { host, port, token }: { host: string; port: number; token: string | undefined }) {
  const stop = stopOnSignals('stopping the dashboard…');
  try {
    const dashboard = await startDashboard({
      store,
      host,
      port,
      actor: actor(),
      ...(token === undefined ? {} : { token }),
    });
    stdout.line(`dashboard: ${dashboard.url}`);
    stderr.info(
      token === undefined
        ? 'read-only (set FLEET_DASHBOARD_TOKEN to pause, resume and kill from the page); Ctrl-C stops'
        : 'the API and the control buttons need FLEET_DASHBOARD_TOKEN; Ctrl-C stops',
    );
    if (!stop.signal.aborted) {
      await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
    await dashboard.close();
  } finally {
    stop.dispose();
  }
}
