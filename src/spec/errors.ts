import { InputError } from '../core/index.js';

/** One problem found in a spec: where (a JSON path such as `parameters.fast.max`) and what. */
export interface SpecIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A syntax or type error in one expression: `<detail> at col <col><hint>`, where the hint is a
 * did-you-mean tail such as "; did you mean 'ema'?". `col` is 1-based.
 */
export class ExpressionError extends InputError {
  readonly col: number | undefined;
  readonly detail: string;
  constructor(detail: string, col?: number, hint = '') {
    super(`${detail}${col === undefined ? '' : ` at col ${col}`}${hint}`);
    this.detail = detail;
    this.col = col;
  }
}

/** A spec file is invalid. The message names the first problem; `issues` holds them all. */
export class SpecError extends InputError {
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[], file = 'spec') {
    super(formatSpecError(issues, file));
    this.issues = issues;
  }
}

function formatSpecError(issues: readonly SpecIssue[], file: string): string {
  const first = issues[0];
  if (first === undefined) return `${file}: invalid spec`;
  const where = first.path === '' ? file : `${file}: ${first.path}`;
  const more = issues.length - 1;
  const tail = more === 0 ? '' : ` (and ${more} more problem${more === 1 ? '' : 's'})`;
  return `${where}: ${first.message}${tail}`;
}
