import { runDemo } from '../../pipeline/index.js';
import { wholeNumber } from '../flags.js';
import { progressBar } from '../progress.js';
import { stdout } from '../terminal.js';
import { renderBacktest } from './backtest.js';
import { renderScreen } from './screen.js';

interface DemoFlags {
  out: string;
  bars: string;
  seed: string;
  workers?: string;
  json?: boolean;
}

export async function demoCommand(flags: DemoFlags): Promise<void> {
  const bar = progressBar('screening the sandbox universe');
  const result = await runDemo({
    outDir: flags.out,
    bars: wholeNumber('--bars', flags.bars, 100) as number,
    seed: wholeNumber('--seed', flags.seed, 0),
    workers: wholeNumber('--workers', flags.workers, 0),
    onProgress: bar.update,
  });
  bar.stop('screen done');
  if (flags.json) {
    stdout.json({
      screen: result.screen,
      best: {
        symbol: result.best.symbol,
        params: result.best.result.strategy.params,
        metrics: result.best.result.metrics,
      },
      reportFiles: result.reportFiles,
    });
    return;
  }
  stdout.line(renderScreen(result.screen));
  stdout.line(`\nbest instrument, backtested in full:\n${renderBacktest(result.best)}`);
  stdout.line(`\nreport: ${result.reportFiles.markdown}`);
}
