import { DEMO_IDEA, DEMO_TRIALS, type DemoFleetResult, runDemo } from '../../pipeline/index.js';
import { decimal, wholeNumber } from '../flags.js';
import { fleetCommand } from '../invocation.js';
import { progressBar } from '../progress.js';
import { fixed } from '../render.js';
import { stderr, stdout } from '../terminal.js';
import { renderBacktest } from './backtest.js';
import { lsCommand } from './ls.js';
import { renderOptimisation } from './optimise.js';
import { pnlCommand } from './pnl.js';
import { renderScreen } from './screen.js';

interface DemoFlags {
  idea?: string;
  out: string;
  bars: string;
  trials?: string;
  seed: string;
  workers?: string;
  paperSeconds: string;
  speed: string;
  json?: boolean;
}

export async function demoCommand(flags: DemoFlags): Promise<void> {
  const screenBar = progressBar('screening the sandbox universe');
  let bar: ReturnType<typeof progressBar> | undefined;
  let current = '';
  let trading = false;
  const idea = flags.idea ?? DEMO_IDEA;
  stderr.info(`designing a strategy from the idea “${idea}”, then screening, tuning and paper trading it`);
  const result = await runDemo({
    idea,
    outDir: flags.out,
    bars: wholeNumber('--bars', flags.bars, 100) as number,
    trials: wholeNumber('--trials', flags.trials, 1) ?? DEMO_TRIALS,
    seed: wholeNumber('--seed', flags.seed, 0),
    workers: wholeNumber('--workers', flags.workers, 0),
    onProgress: screenBar.update,
    onTrial: (symbol, event) => {
      if (symbol !== current) {
        bar?.stop(`${current} tuned`);
        if (!current) screenBar.stop('screen done');
        current = symbol;
        bar = progressBar(`tuning ${symbol}`);
      }
      bar?.update({ done: event.done, total: event.total, label: `best ${fixed(event.best)}` });
    },
    paper: {
      seconds: decimal('--paper-seconds', flags.paperSeconds, 0) ?? 0,
      speed: decimal('--speed', flags.speed, Number.MIN_VALUE) ?? DEMO_SPEED,
      onNotice: (notice) => {
        if (!trading) {
          // The first word from the paper run: tuning is over, the bots are booting.
          trading = true;
          bar?.stop(`${current} tuned`);
          bar = undefined;
          stderr.info(`paper trading the tuned bots for ${flags.paperSeconds} s; each fill as it happens:`);
        }
        if (notice.activity?.kind === 'fill') stderr.info(`[${notice.bot}] ${notice.message}`);
        else if (notice.level !== 'info') stderr.warn(`[${notice.bot}] ${notice.message}`);
      },
    },
  });
  bar?.stop(`${current} tuned`);
  if (flags.json) {
    stdout.json({
      idea: result.idea,
      specFile: result.specFile,
      screen: result.screen,
      optimisation: result.optimisation.instruments.map((i) => ({
        symbol: i.symbol,
        trials: i.trials,
        best: i.best,
        report: result.optimisation.reports[i.symbol],
      })),
      best: {
        symbol: result.best.symbol,
        params: result.best.result.strategy.params,
        metrics: result.best.result.metrics,
      },
      reportFiles: result.reportFiles,
      paper: result.paper ?? null,
    });
    return;
  }
  stdout.line(renderScreen(result.screen));
  stdout.line(`\n${renderOptimisation(result.optimisation)}`);
  stdout.line(`\nbest out of sample, tuned, backtested over all bars:\n${renderBacktest(result.best)}`);
  stdout.line(`\nsummary: ${result.reportFiles.markdown}`);
  if (result.paper === undefined) return;
  stdout.line(`\nthe tuned bots after paper trading on the sandbox (${flags.paperSeconds} s at ${flags.speed}x):`);
  await lsCommand({});
  stdout.line('');
  await pnlCommand({});
  for (const line of paperEnding(result.paper)) stdout.line(line);
}

/**
 * The demo's closing words: what the paper run did, from its summary, then the next command as a
 * whole sentence (the last line a user reads).
 */
export function paperEnding(paper: DemoFleetResult): string[] {
  const { summary } = paper;
  const open = summary.tradesOpen > 0 ? ` and ${summary.tradesOpen} still open` : '';
  const change = `${summary.equityChange >= 0 ? '+' : ''}${fixed(summary.equityChange)}`;
  // The bot that traded most is the one worth looking at.
  const busiest = [...summary.bots].sort((a, b) => b.fills - a.fills)[0];
  const first = busiest?.bot ?? paper.bots[0] ?? 'BOT';
  const fleet = fleetCommand();
  return [
    '',
    `paper trading done: ${paper.bots.length} bot(s) made ${summary.fills} fill(s), ${summary.tradesClosed} round trip(s) closed${open}, equity ${change} in all.`,
    `The bots keep their books: run ${fleet} trades ${first} or ${fleet} logs ${first} to see what one did, or ${fleet} up to keep them all trading.`,
  ];
}

/** Sandbox speed of the demo's paper run: sixteen hour bars a second. */
const DEMO_SPEED = 57_600;
