import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// A resolve hook that reports every package a process loads, by name, on stderr.
const HOOK = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const m = result.url.match(/node_modules\\\\/((@[^/]+\\\\/)?[^/]+)/);
  if (m) process.stderr.write('package ' + m[1] + '\\\\n');
  return result;
}\`));
`;

/** The packages loaded by importing the built CLI and one command's module, as `fleet <command>` does. */
async function packagesOf(command: string): Promise<Set<string>> {
  const script = `await import('./dist/cli/main.js'); await import('./dist/cli/commands/${command}.js');`;
  const r = await execa('node', [
    '--import',
    `data:text/javascript,${encodeURIComponent(HOOK)}`,
    '--input-type=module',
    '-e',
    script,
  ]);
  return new Set([...r.stderr.matchAll(/^package (\S+)$/gm)].map((m) => m[1]));
}

describe('the commands a user types all day stay light', () => {
  it('fleet ls, pnl and logs load no exchange, schema, migrator, chart or process library', async () => {
    for (const command of ['ls', 'pnl', 'logs']) {
      const loaded = await packagesOf(command);
      expect(loaded, command).toContain('kysely');
      for (const heavy of ['ccxt', '@alpacahq/alpaca-trade-api', 'zod', 'echarts', 'execa', '@electric-sql/pglite'])
        expect(loaded.has(heavy), `${command} loads ${heavy}`).toBe(false);
    }
  });
});
