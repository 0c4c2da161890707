import { expect } from 'vitest';
import type { InstrumentReport } from '../../src/optimise/index.js';
import {
  attr,
  expectShows,
  figure,
  figures,
  type HtmlPage,
  parseHtml,
  period,
  tableByLabel,
  tableRows,
  textOf,
} from './report-reader.js';

/** The rows of an evidence page's metrics table and the report fields they show. */
export const METRIC_LABELS = {
  'Total return': 'totalReturn',
  CAGR: 'cagr',
  Sharpe: 'sharpe',
  Sortino: 'sortino',
  'Max drawdown': 'maxDrawdown',
  Calmar: 'calmar',
  'Win rate': 'winRate',
  'Profit factor': 'profitFactor',
  Trades: 'trades',
  Exposure: 'exposure',
  'Average trade': 'avgTrade',
  'Final equity': 'finalEquity',
} as const;

const close = (a: number, b: number, what: string) =>
  expect(Math.abs(a - b), `${what}: ${a} against ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

/** The returns a headline sentence gives after 'returned': the strategy's, then buy-and-hold's. */
function headlineReturns(line: string) {
  const [strategy, hold] = figures(line.slice(line.indexOf('returned')));
  return { strategy, hold };
}

const periodsOf = ({ split }: InstrumentReport) => ({
  'In-sample': { from: split.from, to: split.inSampleTo, bars: split.inSampleBars },
  'Out-of-sample': { from: split.splitTime, to: split.to, bars: split.outOfSampleBars },
});

/** The page's metrics table, read by its visible header and row labels. */
function metricsTable(page: HtmlPage) {
  const [table] = page.byClass('table', 'metrics');
  const rows = tableRows(table);
  return { rows, cell: tableByLabel(rows) };
}

/**
 * The headline's sentences on each period: the strategy's return there is the table's total return
 * for that period and the report's; with `full`, also buy-and-hold's and the period's dates and bars.
 */
export function checkHeadline(html: string, data: InstrumentReport, full = false): void {
  const page = parseHtml(html);
  const { cell } = metricsTable(page);
  const [headline] = page.byClass('div', 'headline');
  const lines = headline.childNodes.map(textOf);
  const where = data.symbol;
  for (const [prefix, column, run] of [
    ['Out of sample', 'Out-of-sample', data.best.outOfSample],
    ['In sample', 'In-sample', data.best.inSample],
  ] as const) {
    const line = lines.find((l) => l.startsWith(prefix));
    if (line === undefined) {
      // The old page gave no in-sample line; the out-of-sample one must be there.
      expect(full || prefix === 'Out of sample', `${where}: a headline line on "${prefix}"`).toBe(false);
      continue;
    }
    const shown = headlineReturns(line);
    // Both against report.json, each to the precision it shows: so they agree with each other.
    expectShows(shown.strategy, run.totalReturn, `${where} headline ${prefix} return against report.json`);
    expectShows(figure(cell('Total return', column)), run.totalReturn, `${where} table ${prefix} return`);
    if (!full) continue;
    const hold = column === 'In-sample' ? data.buyAndHold.inSample : data.buyAndHold.outOfSample;
    expectShows(shown.hold, hold, `${where} headline ${prefix} buy-and-hold`);
    expect(period(line), `${where} headline ${prefix} period`).toEqual(periodsOf(data)[column]);
  }
}

/**
 * Checks that an evidence page says what its report.json holds: the headline, the metrics table,
 * the periods (dates and bars), the tuned parameters and the walk-forward folds; and that the
 * equity curve in report.json is the runs the table measures.
 */
export function checkEvidence(html: string, data: InstrumentReport): void {
  checkHeadline(html, data, true);
  const page = parseHtml(html);
  const where = data.symbol;
  const { split, best, equity } = data;
  const periods = periodsOf(data);
  const { rows, cell } = metricsTable(page);
  for (const [column, run, hold] of [
    ['In-sample', best.inSample, data.buyAndHold?.inSample],
    ['Out-of-sample', best.outOfSample, data.buyAndHold?.outOfSample],
  ] as const) {
    const header = rows[0].find((h) => h.startsWith(column)) ?? '';
    expect(period(header), `${where} ${column} period`).toEqual(periods[column]);
    for (const [label, key] of Object.entries(METRIC_LABELS)) {
      const shown = cell(label, column);
      if (run[key] === null) expect(shown).toBe('no losing trade');
      else expectShows(figure(shown), run[key], `${where} ${column} ${label}`);
    }
    const value = column === 'In-sample' ? best.inSampleValue : best.outOfSampleValue;
    expectShows(figure(cell('Objective', column)), value, `${where} ${column} objective`);
    expectShows(figure(cell('Buy-and-hold return', column)), hold ?? null, `${where} ${column} buy-and-hold`);
  }

  // The summary: trials as counted, the data and the split as the table has them.
  const [summary] = page.byClass('dl', 'summary');
  const terms = summary.childNodes.map(textOf);
  const term = (name: string) => terms[terms.indexOf(name) + 1];
  expect(figures(term('Trials'))[0].value).toBe(data.trials);
  expect(data.history).toHaveLength(data.trials);
  const failed = data.history.filter((h) => h.value === null).length;
  if (failed > 0) expect(term('Trials')).toContain(`${failed} of them failed`);
  expect(period(term('Data'))).toEqual({
    from: split.from,
    to: split.to,
    bars: split.inSampleBars + split.outOfSampleBars,
  });
  const [inSample, outOfSample] = term('Split').split(';');
  expect(period(inSample)).toEqual(periods['In-sample']);
  expect(period(outOfSample)).toEqual(periods['Out-of-sample']);

  // The tuned parameters, as the page lists them.
  const [params] = page.byClass('table', 'params');
  const shownParams = Object.fromEntries(tableRows(params).slice(1) as [string, string][]);
  expect(shownParams).toEqual(Object.fromEntries(Object.entries(best.params).map(([k, v]) => [k, String(v)])));

  // The equity curve is the two runs the table measures, the split where the split is.
  const s = equity.splitIndex;
  const n = equity.time.length;
  expect(equity.time[s - 1]).toBe(split.inSampleTo);
  expect(equity.time[s]).toBe(split.splitTime);
  expect(s).toBe(split.inSampleBars);
  expect(n - s).toBe(split.outOfSampleBars);
  close(equity.strategy[s - 1], best.inSample.finalEquity, `${where} chart at the split`);
  close(equity.strategy[n - 1] / equity.strategy[s - 1] - 1, best.outOfSample.totalReturn, `${where} chart OOS return`);
  close(equity.buyAndHold[s - 1] / equity.buyAndHold[0] - 1, data.buyAndHold.inSample, `${where} chart IS hold`);
  close(
    equity.buyAndHold[n - 1] / equity.buyAndHold[s - 1] - 1,
    data.buyAndHold.outOfSample,
    `${where} chart OOS hold`,
  );

  checkWalkForward(page, data);
}

function checkWalkForward(page: HtmlPage, data: InstrumentReport): void {
  const [table] = page.byClass('table', 'walk-forward');
  if (!data.walkForward) {
    expect(table).toBeUndefined();
    return;
  }
  const wf = data.walkForward;
  const rows = tableRows(table);
  const cell = tableByLabel(rows);
  expect(rows).toHaveLength(wf.folds.length + 1);
  for (const f of wf.folds) {
    const fold = String(f.fold);
    expect(period(cell(fold, 'Test period'))).toEqual({ from: f.testFrom, to: f.testTo, bars: f.testBars });
    expectShows(figure(cell(fold, `Training ${data.metric}`)), f.inSampleValue, `fold ${fold} training value`);
    expectShows(figure(cell(fold, `Test ${data.metric}`)), f.outOfSampleValue, `fold ${fold} test value`);
    expectShows(figure(cell(fold, 'Test return')), f.outOfSampleReturn, `fold ${fold} test return`);
    expectShows(figure(cell(fold, 'Test trades')), f.outOfSampleTrades, `fold ${fold} test trades`);
  }
  const summary = page.all.filter((el) => attr(el, 'data-figure')?.startsWith('walk-forward-'));
  const byName = Object.fromEntries(summary.map((el) => [attr(el, 'data-figure'), figure(textOf(el))]));
  expectShows(byName['walk-forward-mean'], wf.meanOutOfSampleValue, 'walk-forward mean');
  expectShows(byName['walk-forward-compounded'], wf.compoundedOutOfSampleReturn, 'walk-forward compounded');
}
