import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';

const require = createRequire(import.meta.url);
let loaded: typeof Zod | undefined;

/**
 * zod, loaded on first use. It takes about 100 ms to load, and most processes never validate
 * anything: a screening worker runs specs that were checked before they were sent to it, and
 * `fleet --help` checks nothing. Every module that validates with zod gets it here, so one copy
 * loads, once.
 */
export function zod(): typeof Zod {
  loaded ??= (require('zod') as { z: typeof Zod }).z;
  return loaded;
}
