import { readFile } from 'node:fs/promises';
import { InputError } from '../core/index.js';
import type { CheckedSpec } from './spec-check.js';
import { loadSpec } from './validate.js';

/** Reads, parses and checks a strategy_spec.json file. Throws InputError / SpecError. */
export async function readSpecFile(path: string): Promise<CheckedSpec> {
  return loadSpec(await readSpecJson(path), path);
}

/** A spec file's JSON, unchecked (for reporting every problem): one-line errors for I/O and syntax. */
export async function readSpecJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`, { cause: error });
    if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a spec file`, { cause: error });
    throw new InputError(`${path}: cannot read (${code ?? String(error)})`, { cause: error });
  }
  return parseJson(text, path);
}

/** JSON.parse with the error placed at a line and column, for editors and humans. */
export function parseJson(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    // V8 reports "... in JSON at position N" (Node 20) or adds "(line L column C)" (Node 22+).
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
    const position = /at position (\d+)/.exec(message);
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)/, '');
    let where = '';
    if (lineCol) where = ` at line ${lineCol[1]}, column ${lineCol[2]}`;
    else if (position) where = ` at ${lineColumn(body, Number(position[1]))}`;
    throw new InputError(`${file}: invalid JSON${where}: ${reason}`, { cause: error });
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
