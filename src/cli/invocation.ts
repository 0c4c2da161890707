import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface Invocation {
  /** The script node runs: `process.argv[1]`, e.g. `<project>/node_modules/.bin/fleet`. */
  readonly bin: string | undefined;
  readonly cwd: string;
}

const here = (): Invocation => ({ bin: process.argv[1], cwd: process.cwd() });

/**
 * How the user runs fleet where they are, for every next step the CLI prints: `npx fleet` when
 * this fleet is a project's local install (it lives in a node_modules folder the current folder
 * sits under, so a bare `fleet` is not on PATH) or npx fetched it into its cache (`_npx`);
 * `node bin/fleet.js` in a checkout whose bin node ran (`npm run demo`); `fleet` when installed
 * globally (`<prefix>/lib/node_modules`, outside the project) or linked (`npm link`). The path decides, not the environment: npx's `npm_command=exec` is inherited
 * by every process below it, so it would also claim a global fleet started by some npx tool.
 */
export function fleetCommand(at: Invocation = here()): string {
  if (at.bin === undefined) return 'fleet';
  const paths = [resolve(at.cwd, at.bin)];
  try {
    paths.push(realpathSync(paths[0]));
  } catch {
    // Not on disk (tests pass made-up paths): the path as given decides.
  }
  const npx = paths.some((path) => installedUnder(path, at.cwd) || path.includes(`${sep}_npx${sep}`));
  if (npx) return 'npx fleet';
  // Node ran a checkout's bin from inside the checkout (`npm run demo` in a clone): nothing put
  // fleet on PATH. From elsewhere, a checkout's bin is most likely reached through `npm link`.
  const inside = relative(resolve(at.cwd), paths[0]);
  const inCheckout = !inside.startsWith('..') && !isAbsolute(inside);
  if (inCheckout && inside.endsWith(`bin${sep}fleet.js`) && !inside.includes('node_modules')) return `node ${inside}`;
  return 'fleet';
}

/** Whether `path` is inside a node_modules folder whose project holds `cwd`. */
function installedUnder(path: string, cwd: string): boolean {
  const at = path.indexOf(`${sep}node_modules${sep}`);
  if (at < 0) return false;
  const project = path.slice(0, at) || sep;
  const inside = relative(project, resolve(cwd));
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
}
