import { InputError } from '../core/index.js';

/** One thing wrong with a CSV file, at a 1-based line. */
export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

/** Enough to fix a file by; a file broken on every row would otherwise hold millions. */
export const MAX_CSV_PROBLEMS = 10_000;

/**
 * A CSV file that cannot be imported. The message is one line naming the first problem (for the
 * terminal); `problems` lists them all, in line order, up to MAX_CSV_PROBLEMS.
 */
export class CsvError extends InputError {
  readonly file: string;
  readonly problems: readonly CsvProblem[];
  /** How many problems were found, which may exceed `problems.length`. */
  readonly problemCount: number;

  constructor(file: string, problems: readonly CsvProblem[], problemCount: number = problems.length) {
    const first = problems[0];
    const more = problemCount - 1;
    const suffix = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
    super(`${file}:${first.line}: ${first.message}${suffix}`);
    this.file = file;
    this.problems = problems;
    this.problemCount = problemCount;
  }
}

/** Gathers problems while a file is read, so the user sees all of them in one go. */
export class ProblemCollector {
  private readonly found: CsvProblem[] = [];
  private count = 0;

  constructor(private readonly file: string) {}

  get size(): number {
    return this.count;
  }

  add(line: number, message: string): void {
    this.count++;
    if (this.found.length < MAX_CSV_PROBLEMS) this.found.push({ line, message });
  }

  /** Throws a CsvError if anything was found. */
  throwIfAny(): void {
    if (this.count === 0) return;
    // Row checks and spacing checks run in separate passes; report in file order.
    const sorted = this.found.slice().sort((a, b) => a.line - b.line);
    throw new CsvError(this.file, sorted, this.count);
  }
}

/** A cell's text for a message: quoted, shortened, and on one line. */
export function quoteCell(cell: string): string {
  const short = cell.length > 40 ? `${cell.slice(0, 37)}...` : cell;
  return `'${short.replace(/[\r\n]+/g, ' ')}'`;
}
