import type { Hono } from 'hono';
import { botLogs, botOrders, botTrades, type LogQuery } from '../fleet/index.js';
import type { EventLevel, Store } from '../store/index.js';
import { botEquity, botSummary, DEFAULT_EQUITY_POINTS } from './bot-view.js';
import type { FleetView } from './fleet-view.js';
import { fleetHealth } from './health.js';
import { limitParam } from './query.js';
import type { SharedRead } from './shared-read.js';

/** Most rows one request returns (trades, orders, events). */
const MAX_ROWS = 10_000;

/**
 * The read-only JSON API the pages poll. Every number comes from the fleet library's own calls
 * (`fleet ls`, `fleet pnl`, `fleet trades`, `fleet orders`, `fleet logs`), never recomputed here.
 */
export function readRoutes(app: Hono, store: Store, view: SharedRead<FleetView>): void {
  app.get('/api/fleet', async (c) => c.json(await view.get()));
  app.get('/api/health', async (c) => c.json(await fleetHealth(store, await view.get())));
  app.get('/api/bots/:name', async (c) => c.json(await botSummary(store, c.req.param('name'), view)));
  app.get('/api/bots/:name/equity', async (c) => {
    const limit = limitParam(c.req.query('limit'), 100_000) ?? DEFAULT_EQUITY_POINTS;
    return c.json(await botEquity(store, c.req.param('name'), limit));
  });
  app.get('/api/bots/:name/trades', async (c) => {
    const limit = limitParam(c.req.query('limit'), MAX_ROWS);
    return c.json(await botTrades(store, c.req.param('name'), limit === undefined ? {} : { limit }));
  });
  app.get('/api/bots/:name/orders', async (c) => {
    const limit = limitParam(c.req.query('limit'), MAX_ROWS);
    const orders = await botOrders(store, c.req.param('name'), limit === undefined ? {} : { limit });
    return c.json({ bot: c.req.param('name'), orders });
  });
  app.get('/api/bots/:name/events', async (c) => {
    const limit = limitParam(c.req.query('limit'), MAX_ROWS);
    const level = c.req.query('level');
    const query: LogQuery = {
      ...(limit === undefined ? {} : { limit }),
      ...(level === undefined || level === '' ? {} : { level: level as EventLevel }),
    };
    return c.json({ bot: c.req.param('name'), events: await botLogs(store, c.req.param('name'), query) });
  });
}
