import { request as httpRequest } from 'node:http';
import { type DashboardOptions, type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import type { Store } from '../../src/store/index.js';
import { createRig, pathCandles, type Rig } from './runner-rig.js';
import { scriptedStrategy } from './scripted-strategy.js';

/** Warm-up bars before a rig bot's first traded bar. */
export const WARMUP = 5;

/**
 * A registered bot whose runner (booted, in this process) trades `script` (bar index from the
 * first traded bar → transition) over a gentle seeded walk, ticked up to bar `ticks - 1`.
 */
export async function tradingBot(
  store: Store,
  name: string,
  script: Record<number, string>,
  options: { bars?: number; ticks?: number } = {},
): Promise<Rig> {
  const bars = options.bars ?? 60;
  const prices = Array.from({ length: WARMUP + bars }, (_, i) => 100 + 3 * Math.sin(i / 6) + (i % 4) * 0.2);
  const shifted = Object.fromEntries(Object.entries(script).map(([bar, on]) => [WARMUP + Number(bar), on]));
  const rig = await createRig(store, {
    name,
    candles: pathCandles(prices),
    start: WARMUP,
    strategy: scriptedStrategy(shifted),
  });
  await rig.runner.boot();
  for (let bar = 0; bar < (options.ticks ?? 0); bar++) await rig.tickAt(WARMUP + bar);
  return rig;
}

/** The dashboard on a free loopback port over `store`; closed by the caller. */
export function serveDashboard(
  store: Store,
  options: Partial<Omit<DashboardOptions, 'store'>> = {},
): Promise<RunningDashboard> {
  return startDashboard({ store, port: 0, actor: 'tester@test', ...options });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly text: string;
}

/**
 * One HTTP request with node:http (it lets a test send any Host header, which fetch does not),
 * `token` as `Authorization: Bearer`; the body parsed as JSON when it is JSON.
 */
export function http(
  url: string,
  options: { method?: string; token?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => {
        let body: unknown = text;
        if (String(res.headers['content-type']).startsWith('application/json')) body = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
