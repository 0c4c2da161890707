import { Chalk } from 'chalk';

/**
 * The CLI's only access to the terminal streams. stdout carries results (and nothing but one
 * JSON document under --json); stderr carries errors, warnings and progress. NO_COLOR is honoured.
 */
const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
export const color = new Chalk(noColor ? { level: 0 } : {});
const stderrColor = new Chalk(noColor || !process.stderr.isTTY ? { level: 0 } : {});

export const stdout = {
  write(text: string): void {
    process.stdout.write(text);
  },
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  },
  /** One JSON document; non-finite numbers become null so the output is always valid JSON. */
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, finiteOrNull, 2)}\n`);
  },
  /**
   * One compact JSON object per line, for streams (`logs --follow --json`, `up --json`): each line
   * parses on its own. Non-finite numbers and absent (undefined) fields become null, so every line
   * of a kind has the same keys.
   */
  jsonLine(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, (key, v) => (v === undefined ? null : finiteOrNull(key, v)))}\n`);
  },
};

const finiteOrNull = (_key: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

export const stderr = {
  line(text = ''): void {
    process.stderr.write(`${text}\n`);
  },
  error(message: string): void {
    process.stderr.write(`${stderrColor.red('error:')} ${message}\n`);
  },
  warn(message: string): void {
    process.stderr.write(`${stderrColor.yellow('warning:')} ${message}\n`);
  },
  info(message: string): void {
    process.stderr.write(`${stderrColor.dim(message)}\n`);
  },
  isTTY: (): boolean => process.stderr.isTTY === true,
};

/** Prompts only where a person can answer: a TTY on both ends and not in CI. */
export function interactive(): boolean {
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  return !ci && process.stdin.isTTY === true && process.stdout.isTTY === true;
}
