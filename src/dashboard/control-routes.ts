import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { type ControlTarget, killBots, pauseBots, resumeBots } from '../fleet/index.js';
import type { Store } from '../store/index.js';
import { bearerToken, tokensMatch } from './auth.js';

const VERBS = { pause: pauseBots, resume: resumeBots, kill: killBots } as const;
type Verb = keyof typeof VERBS;

/**
 * Pause, resume and kill, through the same fleet calls as `fleet pause|resume|kill`. Each always
 * needs the dashboard's token, on loopback too: without FLEET_DASHBOARD_TOKEN nothing can be
 * changed from a browser, and a request without it, or with another one, is refused (401) before
 * the database is touched.
 */
export function controlRoutes(
  app: Hono,
  store: Store,
  options: { token: string | undefined; actor: string; changed: () => void },
): void {
  const act = async (c: Context, verb: string, target: ControlTarget) => {
    if (!(verb in VERBS)) return c.json({ error: `unknown action '${verb}' (pause, resume or kill)` }, 404);
    const refusal = refuse(c, options.token);
    if (refusal !== undefined) return refusal;
    const reason = await reasonOf(c);
    const actor = `${options.actor} via dashboard from ${remote(c)}`;
    const result = await VERBS[verb as Verb](store, target, { actor, ...(reason === undefined ? {} : { reason }) });
    options.changed();
    return c.json({ action: verb, actor, ...result });
  };
  app.post('/api/bots/:name/:verb', (c) => act(c, c.req.param('verb'), { bot: c.req.param('name') }));
  app.post('/api/fleet/:verb', (c) => act(c, c.req.param('verb'), { all: true }));
}

/** A 401 answer unless the request carries the configured token. */
function refuse(c: Context, token: string | undefined): Response | undefined {
  const challenge = { 'WWW-Authenticate': 'Bearer' };
  if (token === undefined) {
    const error = 'control is off: start fleet dashboard with FLEET_DASHBOARD_TOKEN set to use it';
    return c.json({ error }, 401, challenge);
  }
  const given = bearerToken(c.req.header('authorization'));
  if (given === undefined || !tokensMatch(given, token))
    return c.json({ error: 'missing or wrong token' }, 401, challenge);
  return undefined;
}

/** The optional `{"reason": "…"}` body, for the audit log. */
async function reasonOf(c: Context): Promise<string | undefined> {
  const body: unknown = await c.req.json().catch(() => undefined);
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason.trim() !== '' ? reason.trim().slice(0, 500) : undefined;
}

function remote(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
