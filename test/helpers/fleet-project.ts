import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
