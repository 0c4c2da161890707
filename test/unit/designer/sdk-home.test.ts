import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('../../../src/', import.meta.url).pathname;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

describe('the LLM SDKs', () => {
  it('are imported only in src/designer/providers/, and those files only by a dynamic import', async () => {
    const importers: string[] = [];
    const staticProviderImports: string[] = [];
    for (const file of await sources(src)) {
      const text = await readFile(file, 'utf8');
      if (/from '(?:@anthropic-ai\/sdk|openai)'/.test(text)) importers.push(relative(src, file));
      if (/^import [^;]*from '\.\/providers\//m.test(text)) staticProviderImports.push(relative(src, file));
    }
    expect(importers.sort()).toEqual(['designer/providers/anthropic.ts', 'designer/providers/openai.ts']);
    expect(staticProviderImports).toEqual([]);
  });
});
