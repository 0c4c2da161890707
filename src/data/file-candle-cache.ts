import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CandleCache,
  type CandleKey,
  type Candles,
  isTimeframe,
  UsageError,
  writeFileAtomic,
} from '../core/index.js';
import { decodeCandleFile, decodeCandleHeader, encodeCandleFile, headerBytesNeeded } from './candle-file-format.js';
import type { CandleMemory } from './candle-memory.js';
import { fileError } from './file-error.js';

const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EXTENSION = '.bin';

/**
 * Candles kept on disk, one binary file per key: `dir/<source>/<symbol>_<timeframe>.bin`, where
 * characters a file name cannot hold (such as the '/' in 'BTC/USDT') become '_'. The header inside
 * each file records the exact key, so `list` reports real symbols and `get` never returns another
 * key's bars should two symbols map to the same file name.
 */
export class FileCandleCache implements CandleCache {
  constructor(readonly dir: string) {}

  /** Where a key's bars are stored. */
  pathOf(key: CandleKey): string {
    checkKey(key);
    const symbol = key.symbol.replace(/[/\\:*?"<>|\s]/g, '_').replace(/^\./, '_');
    return join(this.dir, key.source, `${symbol}_${key.timeframe}${EXTENSION}`);
  }

  /** With `memory`, the bars are read into it and stay valid until its next use. */
  async get(key: CandleKey, memory?: CandleMemory): Promise<Candles | undefined> {
    const path = this.pathOf(key);
    let bytes: Uint8Array;
    try {
      bytes = memory ? await readInto(path, memory) : await readFile(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw fileError(path, error);
    }
    const { header, candles } = decodeCandleFile(bytes, path);
    const same = header.source === key.source && header.symbol === key.symbol && header.timeframe === key.timeframe;
    return same ? candles : undefined;
  }

  async put(key: CandleKey, candles: Candles): Promise<void> {
    const path = this.pathOf(key);
    const chunks = encodeCandleFile(key, candles);
    try {
      await mkdir(join(this.dir, key.source), { recursive: true });
      await writeFileAtomic(path, chunks);
    } catch (error) {
      throw fileError(path, error);
    }
  }

  async list(): Promise<CandleKey[]> {
    const keys: CandleKey[] = [];
    for (const source of await entries(this.dir, true)) {
      for (const name of await entries(join(this.dir, source), false)) {
        if (!name.endsWith(EXTENSION)) continue; // skips temporary files of writes in progress
        const path = join(this.dir, source, name);
        const { header } = decodeCandleHeader(await readHead(path), path);
        keys.push({ source: header.source, symbol: header.symbol, timeframe: header.timeframe });
      }
    }
    return keys.sort(
      (a, b) => compare(a.source, b.source) || compare(a.symbol, b.symbol) || compare(a.timeframe, b.timeframe),
    );
  }
}

function checkKey(key: CandleKey): void {
  if (!SOURCE.test(key.source)) {
    throw new UsageError(`bad candle source '${key.source}' (letters, digits, '.', '_' and '-' only)`);
  }
  if (key.symbol.trim() === '') throw new UsageError('empty symbol');
  if (!isTimeframe(key.timeframe)) throw new UsageError(`unknown timeframe '${key.timeframe}'`);
}

/** Names of subdirectories (or files) in `dir`; none if it does not exist yet. */
async function entries(dir: string, directories: boolean): Promise<string[]> {
  try {
    const found = await readdir(dir, { withFileTypes: true });
    return found.filter((entry) => (directories ? entry.isDirectory() : entry.isFile())).map((entry) => entry.name);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw fileError(dir, error);
  }
}

/** The start of a file, long enough to hold its header. */
async function readInto(path: string, memory: CandleMemory): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = memory.buffer(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return bytes.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw fileError(path, error);
  });
  try {
    let bytes = new Uint8Array(4096);
    let { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    const needed = headerBytesNeeded(bytes.subarray(0, bytesRead));
    if (needed > bytes.length) {
      bytes = new Uint8Array(needed);
      ({ bytesRead } = await handle.read(bytes, 0, needed, 0));
    }
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
