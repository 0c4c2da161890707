import { type Candles, sliceCandles } from '../core/index.js';
import { sourceVenue } from '../data/index.js';
import { outOfSample } from './evaluate.js';
import { planWalkForward } from './split.js';
import { tuneWindow, type WindowContext } from './tune-window.js';

export interface WalkForwardFoldResult {
  readonly fold: number;
  /** Times of bars (epoch ms): the test window is testFrom to testTo, both included. */
  readonly trainFrom: number;
  readonly testFrom: number;
  readonly testTo: number;
  readonly trainBars: number;
  readonly testBars: number;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly inSampleValue: number;
  readonly outOfSampleValue: number;
  readonly outOfSampleReturn: number;
  readonly outOfSampleTrades: number;
}

export interface WalkForwardResult {
  readonly folds: readonly WalkForwardFoldResult[];
  /** Mean of the folds' out-of-sample objectives. */
  readonly meanOutOfSampleValue: number;
  /** The test windows' returns compounded: what trading the re-tuned strategy would have earned. */
  readonly compoundedOutOfSampleReturn: number;
}

/**
 * Walk-forward analysis: each fold is tuned on its training window alone and traded on the test
 * window that follows, so every out-of-sample bar was unseen when its parameters were chosen.
 */
export async function walkForward(context: WindowContext, candles: Candles, k: number): Promise<WalkForwardResult> {
  const { options } = context;
  const folds: WalkForwardFoldResult[] = [];
  for (const fold of planWalkForward(candles.length, options.split, k)) {
    const { best } = await tuneWindow(context, fold.trainStart, fold.trainEnd, `/wf${fold.fold + 1}of${k}`);
    const params = { ...(options.fixed as Record<string, number | string | boolean>), ...best.params };
    const window = sliceCandles(candles, fold.trainStart, fold.testEnd);
    const oos = outOfSample(
      options.spec,
      window,
      fold.trainEnd - fold.trainStart,
      params,
      options.metric,
      options.costs,
      sourceVenue(options.source),
    );
    folds.push({
      fold: fold.fold + 1,
      trainFrom: candles.time[fold.trainStart],
      testFrom: candles.time[fold.trainEnd],
      testTo: candles.time[fold.testEnd - 1],
      trainBars: fold.trainEnd - fold.trainStart,
      testBars: fold.testEnd - fold.trainEnd,
      params,
      inSampleValue: best.value as number,
      outOfSampleValue: oos.value,
      outOfSampleReturn: oos.metrics.totalReturn,
      outOfSampleTrades: oos.metrics.trades,
    });
  }
  return {
    folds,
    meanOutOfSampleValue: folds.reduce((sum, f) => sum + f.outOfSampleValue, 0) / folds.length,
    compoundedOutOfSampleReturn: folds.reduce((growth, f) => growth * (1 + f.outOfSampleReturn), 1) - 1,
  };
}
