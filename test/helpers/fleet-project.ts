import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedTemplate } from './databases.js';

const EXAMPLE_SPEC = new URL('../../examples/specs/ema-cross.json', import.meta.url).pathname;

/** A project folder with strategies/ema-cross.json and the given fleet.config.json. */
export function fleetProject(config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-project-'));
  mkdirSync(join(dir, 'strategies'));
  copyFileSync(EXAMPLE_SPEC, join(dir, 'strategies', 'ema-cross.json'));
  writeConfig(dir, config);
  return dir;
}

export function writeConfig(dir: string, config: Record<string, unknown>): void {
  writeFileSync(join(dir, 'fleet.config.json'), JSON.stringify({ name: 'test-fleet', ...config }, null, 2));
}

/** A sandbox bot declaration as fleet.config.json spells it. */
export const sandboxBot = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  spec: 'strategies/ema-cross.json',
  symbol: 'SBX-TREND',
  ...extra,
});
/** The ema-cross example with ranges opened up, so a 1m bot crosses (and trades) every few bars. */
export function fastCrossSpec(): unknown {
  const spec = JSON.parse(readFileSync(EXAMPLE_SPEC, 'utf8'));
  delete spec.$schema;
  spec.parameters.fast = { ...spec.parameters.fast, min: 2, default: 3 };
  spec.parameters.slow = { ...spec.parameters.slow, min: 4, step: 1, default: 8 };
  spec.parameters.stop_loss = { ...spec.parameters.stop_loss, min: 0.001, step: 0.001, default: 0.003 };
  spec.parameters.take_profit = { ...spec.parameters.take_profit, min: 0.002, step: 0.002, default: 0.004 };
  return spec;
}

/**
 * A sandbox bot on fastCrossSpec (saved as strategies/fast-cross.json) that trades every few 1m
 * bars. At 600x a bar lasts 100 ms of real time: a restarting runner gets room before its bar is
 * stale, and the breaker stays out of the way.
 */
export const fastCrossBot = (name: string, symbol: string) => ({
  name,
  spec: 'strategies/fast-cross.json',
  symbol,
  exchange: 'sandbox',
  timeframe: '1m',
  params: { fast: 3, slow: 8, stop_loss: 0.003, take_profit: 0.004 },
  capital: 10_000,
  risk: { stale_after_bars: 50, daily_loss_limit: 1, max_orders_per_minute: 1000 },
  seed: 5,
});

/** A project whose embedded database is a migrated copy of the template (seconds faster than new). */
export async function readyProject(config: Record<string, unknown>): Promise<string> {
  const dir = fleetProject(config);
  mkdirSync(join(dir, '.fleet', 'db'), { recursive: true });
  cpSync(await embeddedTemplate('migrated'), join(dir, '.fleet', 'db', 'pgdata'), { recursive: true });
  return dir;
}
