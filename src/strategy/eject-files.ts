import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError, writeFileAtomic } from '../core/index.js';
import { readSpecFile } from '../spec/index.js';
import { ejectStrategy } from './eject.js';

export interface EjectFilesOptions {
  /** Output folder (default: the spec's folder). */
  readonly out?: string;
  /** Replace files of the same name. */
  readonly force?: boolean;
}

export interface EjectFilesResult {
  readonly spec: string;
  readonly className: string;
  /** The module and its contract test, as given paths (out joined with the file names). */
  readonly files: readonly string[];
}

/**
 * Reads and checks a spec, then writes its ejected module and contract test into `out`. Existing
 * files are refused unless `force`; each file is written to a temporary name and renamed.
 */
export async function ejectSpecFile(specFile: string, options: EjectFilesOptions = {}): Promise<EjectFilesResult> {
  const checked = await readSpecFile(specFile);
  const out = options.out ?? dirname(specFile);
  const specPath = relative(resolve(out), resolve(specFile)).split(sep).join('/');
  const ejected = ejectStrategy(checked, { specPath: specPath.startsWith('.') ? specPath : `./${specPath}` });
  const files: [string, string][] = [
    [join(out, ejected.moduleFile), ejected.module],
    [join(out, ejected.testFile), ejected.test],
  ];
  const taken = files.map(([path]) => path).filter((path) => existsSync(path));
  if (taken.length > 0 && !options.force) {
    throw new UsageError(
      `${taken.join(' and ')} already exist${taken.length === 1 ? 's' : ''} (use --force to replace)`,
    );
  }
  await mkdir(out, { recursive: true });
  for (const [path, text] of files) await writeFileAtomic(path, text);
  return { spec: specFile, className: ejected.className, files: files.map(([path]) => path) };
}
