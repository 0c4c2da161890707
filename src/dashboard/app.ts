import { Hono } from 'hono';
import { FleetError, UsageError } from '../core/index.js';
import type { Store } from '../store/index.js';
import { readRoutes } from './api-routes.js';
import { assetRoutes } from './assets.js';
import { bearerToken, hostOfHeader, isLoopback, tokensMatch } from './auth.js';
import { controlRoutes } from './control-routes.js';
import { fleetView } from './fleet-view.js';
import { BadQuery } from './query.js';
import { sharedRead } from './shared-read.js';

/** How long one read of the fleet's view is shared (the pages poll every 2 s). */
const VIEW_MAX_AGE_MS = 1000;

export interface DashboardAppOptions {
  readonly store: Store;
  /**
   * FLEET_DASHBOARD_TOKEN. Without it the read-only API answers anyone who reaches it (the server
   * then listens on loopback only) and nothing can be changed; with it, every API request needs it.
   */
  readonly token?: string;
  /** Who runs the dashboard (user@host), for the audit trail of control actions. */
  readonly actor: string;
  /** The wall clock heartbeat ages are measured on (tests pin it). */
  readonly now?: () => number;
}

/** The dashboard's HTTP application: pages, assets, the JSON API and the control actions. */
export function dashboardApp(options: DashboardAppOptions): Hono {
  const { store, token } = options;
  const app = new Hono();
  app.use('*', async (c, next) => {
    // Without a token the API is open to whoever reaches it: only this machine, under a loopback
    // name. A page elsewhere whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own.
    if (token === undefined && !isLoopback(hostOfHeader(c.req.header('host')) ?? '')) {
      return c.json({ error: 'this dashboard answers only requests to a loopback name (127.0.0.1, localhost)' }, 403);
    }
    await next();
    c.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
  });
  app.use('/api/*', async (c, next) => {
    // With a token set, reading needs it too (control checks it again on its own, always).
    if (token !== undefined) {
      const given = bearerToken(c.req.header('authorization'));
      if (given === undefined || !tokensMatch(given, token))
        return c.json({ error: 'missing or wrong token' }, 401, { 'WWW-Authenticate': 'Bearer' });
    }
    await next();
  });
  const now = options.now ?? Date.now;
  // One read of the fleet serves every page and panel polling within the same second.
  const view = sharedRead(() => fleetView(store, now()), VIEW_MAX_AGE_MS);
  controlRoutes(app, store, { token, actor: options.actor, changed: () => view.invalidate() });
  readRoutes(app, store, view);
  assetRoutes(app);
  app.notFound((c) => c.json({ error: `not found: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof BadQuery) return c.json({ error: error.message }, 400);
    if (error instanceof UsageError)
      return c.json({ error: error.message }, error.message.startsWith('unknown bot') ? 404 : 400);
    const message = error instanceof FleetError ? error.message : `internal error: ${error.message.split('\n')[0]}`;
    return c.json({ error: message }, 500);
  });
  return app;
}
