import { cancel, confirm, isCancel, select, text } from '@clack/prompts';
import { FleetError, UsageError } from '../core/index.js';
import { interactive } from './terminal.js';

/**
 * The only wrapper around @clack/prompts. A prompt fills a gap a flag left, and only where a
 * person can answer; elsewhere the missing flag is a usage error naming it. Cancelling (Ctrl-C)
 * exits 1 with "cancelled".
 */

function answered<T>(value: T | symbol): Exclude<T, symbol> {
  if (isCancel(value)) {
    cancel('cancelled');
    throw new FleetError('cancelled');
  }
  return value as Exclude<T, symbol>;
}

export interface TextOptions {
  readonly placeholder?: string;
  /** Filled in, so Enter accepts it. */
  readonly initialValue?: string;
  /** A problem with the answer, shown under the prompt; undefined when it is fine. */
  readonly check?: (value: string) => string | undefined;
}

export async function askText(flag: string, message: string, options: string | TextOptions = {}): Promise<string> {
  if (!interactive()) throw new UsageError(`${flag} is required when not running in an interactive terminal`);
  const { placeholder, initialValue, check } = typeof options === 'string' ? { placeholder: options } : options;
  const validate = (v: string | undefined) => (v?.trim() ? check?.(v.trim()) : 'a value is needed');
  return answered(await text({ message, placeholder, initialValue, validate })).trim();
}

export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
}

export async function askChoice(
  flag: string,
  message: string,
  choices: readonly (string | Choice)[],
  initial?: string,
): Promise<string> {
  if (!interactive()) throw new UsageError(`${flag} is required when not running in an interactive terminal`);
  const options = choices.map((choice) => (typeof choice === 'string' ? { value: choice, label: choice } : choice));
  return answered(await select<string>({ message, options, initialValue: initial }));
}

/**
 * A yes/no question guarding an action that `flag` (e.g. --yes) confirms up front. Callers check
 * the flag first; here a non-interactive terminal is a usage error naming it.
 */
export async function askConfirm(flag: string, message: string): Promise<boolean> {
  if (!interactive()) throw new UsageError(`${flag} is required when not running in an interactive terminal`);
  return answered(await confirm({ message, initialValue: false }));
}
