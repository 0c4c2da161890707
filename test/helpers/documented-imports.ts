import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface DocumentedImport {
  /** The file it was shown in, relative to the package. */
  readonly source: string;
  /** `fleet` or `fleet/<subpath>`. */
  readonly specifier: string;
  /** The whole statement, on one line. */
  readonly statement: string;
}

// An import of fleet's names: named (possibly over several lines, possibly type-only), a namespace,
// or a default with named ones. Prose that merely mentions "import" does not match.
const IMPORT =
  /\bimport\s+(?:type\s+)?(?:\{[^}]*\}|\*\s+as\s+\w+|\w+(?:\s*,\s*\{[^}]*\})?)\s+from\s+['"](fleet(?:\/[\w./-]+)?)['"]/g;

/** Every import from `fleet…` that README.md, docs/*.md and examples/ show, in the package at `dir`. */
export function documentedImports(dir: string): DocumentedImport[] {
  const files = [join(dir, 'README.md'), ...markdownIn(join(dir, 'docs')), ...filesUnder(join(dir, 'examples'))];
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => ({
      source: relative(dir, file),
      specifier: match[1],
      statement: `${match[0].replace(/\s+/g, ' ')};`,
    })),
  );
}

function markdownIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(dir, name));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(md|ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}
