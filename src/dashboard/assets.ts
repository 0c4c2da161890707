import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

/** The pages, scripts and styles, shipped in the package's `web/` folder (beside `dist/` and `src/`). */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The pages and their assets, from the package alone: echarts' browser build comes from the
 * installed echarts package, so the pages work offline, with no CDN. Only the files of `web/` are
 * served, by exact name, so no path reaches outside it.
 */
export function assetRoutes(app: Hono): void {
  const files = new Map<string, string>(readdirSync(WEB_DIR).map((name) => [name, join(WEB_DIR, name)]));
  files.set('echarts.min.js', createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'));
  const send = async (name: string) => {
    const path = files.get(name);
    if (path === undefined) return undefined;
    return new Response(await readFile(path), {
      headers: { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'cache-control': 'no-cache' },
    });
  };
  app.get('/', async () => (await send('fleet.html')) as Response);
  app.get('/bots/:name', async () => (await send('bot.html')) as Response);
  app.get('/assets/:file', async (c) => (await send(c.req.param('file'))) ?? c.notFound());
}
