import { progress as clackProgress } from '@clack/prompts';
import type { Progress } from '../core/index.js';
import { stderr } from './terminal.js';

export interface ProgressBar {
  readonly update: Progress;
  stop(message: string): void;
}

/**
 * A progress bar on stderr for a TTY; elsewhere (CI, pipes) a plain line at each quarter, so logs
 * show that work advances without a line per item.
 */
export function progressBar(title: string): ProgressBar {
  if (stderr.isTTY()) {
    let bar: ReturnType<typeof clackProgress> | undefined;
    let shown = 0;
    return {
      update({ done, total, label }) {
        if (!bar) {
          bar = clackProgress({ max: total, output: process.stderr, withGuide: false });
          bar.start(title);
        }
        bar.advance(done - shown, `${title} ${done}/${total}${label ? ` ${label}` : ''}`);
        shown = done;
      },
      stop(message) {
        bar?.stop(message);
      },
    };
  }
  let lastQuarter = 0;
  return {
    update({ done, total }) {
      const quarter = Math.floor((done / total) * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stderr.info(`${title}: ${done}/${total}`);
      }
    },
    stop() {},
  };
}
