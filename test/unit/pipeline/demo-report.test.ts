import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstrumentReport } from '../../../src/optimise/index.js';
import { type DemoResult, runDemo } from '../../../src/pipeline/index.js';
import { checkEvidence, checkHeadline, METRIC_LABELS } from '../../helpers/evidence-check.js';
import {
  expectShows,
  figure,
  markdownParagraph,
  markdownTables,
  period,
  shownParams,
} from '../../helpers/report-reader.js';

/**
 * The demo's real files, generated at a small size and read back as a user reads them: every
 * evidence page, demo-report.md and demo-report.json must tell one story. (8,000 bars and 8 trials
 * is small enough to run in seconds and large enough that the tuned runs hold a position across
 * the split, where a headline measured on another run would disagree with the table.)
 */
// biome-ignore lint/suspicious/noExplicitAny: the JSON files are read as a user's script reads them
type Json = any;

let dir: string;
let demo: DemoResult;
let markdown: string;
let json: Json;
const evidence: { symbol: string; html: string; data: InstrumentReport; page: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-demo-report-'));
  demo = await runDemo({ outDir: dir, bars: 8000, trials: 8, workers: 0 });
  markdown = readFileSync(demo.reportFiles.markdown, 'utf8');
  json = JSON.parse(readFileSync(demo.reportFiles.json, 'utf8'));
  for (const [symbol, page] of Object.entries(demo.optimisation.reports)) {
    const html = readFileSync(page, 'utf8');
    const data = JSON.parse(readFileSync(join(dirname(page), 'report.json'), 'utf8'));
    evidence.push({ symbol, html, data, page });
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table = (header: string) => {
  const found = markdownTables(markdown).find((t) => t.rows[0].join('|').startsWith(header));
  if (!found) throw new Error(`no table starting "${header}" in demo-report.md`);
  const [head, ...rows] = found.rows;
  return { head, row: (symbol: string) => rows.find((r) => r.includes(symbol)) as string[], rows };
};
const column = (head: string[], row: string[], name: string) => row[head.indexOf(name)];
const asText = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));

describe('the demo reports', () => {
  it('tunes three instruments, each with an evidence page', () => {
    expect(evidence.map((e) => e.symbol)).toEqual(demo.screen.top);
    expect(evidence).toHaveLength(3);
  });

  it("gives, in each evidence page's headline, the out-of-sample return its table gives", () => {
    for (const { html, data } of evidence) checkHeadline(html, data);
  });

  it('calls the spec defaults, and only them, the default parameters', () => {
    const spec = JSON.parse(readFileSync(demo.specFile, 'utf8'));
    const defaults = Object.fromEntries(
      Object.entries(spec.parameters as Record<string, { default: unknown }>).map(([k, p]) => [k, String(p.default)]),
    );
    const shown = [...markdown.matchAll(/default parameters(?:: | \()([^)]*)\)/g)].map((m) => shownParams(m[1]));
    expect(shown).toEqual([defaults]);
    expect(asText(json.screen.defaultParams)).toEqual(defaults);
    // The tuned values are called tuned wherever they appear.
    const tuned = table('symbol|trials|tuned parameters');
    for (const i of json.optimisation.instruments)
      expect(shownParams(column(tuned.head, tuned.row(i.symbol), 'tuned parameters'))).toEqual(asText(i.tunedParams));
  });

  it('says on every evidence page what its report.json holds', () => {
    for (const { html, data } of evidence) checkEvidence(html, data);
  });

  it('gives in demo-report.json the very figures of the evidence', () => {
    for (const { symbol, data, page } of evidence) {
      const i = json.optimisation.instruments.find((x: Json) => x.symbol === symbol);
      expect(i.report).toBe(page);
      expect(i.tunedParams).toEqual(data.best.params);
      expect(i.inSample).toEqual({
        period: { from: data.split.from, to: data.split.inSampleTo, bars: data.split.inSampleBars },
        value: data.best.inSampleValue,
        metrics: data.best.inSample,
        buyAndHold: data.buyAndHold.inSample,
      });
      expect(i.outOfSample).toEqual({
        period: { from: data.split.splitTime, to: data.split.to, bars: data.split.outOfSampleBars },
        value: data.best.outOfSampleValue,
        metrics: data.best.outOfSample,
        buyAndHold: data.buyAndHold.outOfSample,
      });
      expect(i.degradation).toBe(data.best.degradation);
      expect(i.trials).toBe(data.trials);
    }
  });

  it('shows in demo-report.md the figures of demo-report.json, with their periods', () => {
    const periods = table('symbol|trials|tuned parameters');
    const figures = table('symbol|IS sharpe');
    for (const i of json.optimisation.instruments) {
      const p = periods.row(i.symbol);
      expect(Number(column(periods.head, p, 'trials'))).toBe(i.trials);
      expect(period(column(periods.head, p, 'in-sample (IS)'))).toEqual(i.inSample.period);
      expect(period(column(periods.head, p, 'out-of-sample (OOS)'))).toEqual(i.outOfSample.period);
      const f = figures.row(i.symbol);
      const cell = (name: string) => figure(column(figures.head, f, name));
      expectShows(cell('IS sharpe'), i.inSample.value, `${i.symbol} IS sharpe`);
      expectShows(cell('OOS sharpe'), i.outOfSample.value, `${i.symbol} OOS sharpe`);
      expectShows(cell('IS return'), i.inSample.metrics.totalReturn, `${i.symbol} IS return`);
      expectShows(cell('OOS return'), i.outOfSample.metrics.totalReturn, `${i.symbol} OOS return`);
      expectShows(cell('OOS buy-and-hold'), i.outOfSample.buyAndHold, `${i.symbol} OOS buy-and-hold`);
      expectShows(cell('OOS trades'), i.outOfSample.metrics.trades, `${i.symbol} OOS trades`);
      expectShows(cell('OOS max drawdown'), i.outOfSample.metrics.maxDrawdown, `${i.symbol} OOS drawdown`);
      const link = column(figures.head, f, 'evidence').match(/\]\(([^)]+)\)/)?.[1] ?? '';
      expect(resolve(dir, link)).toBe(i.report);
    }
  });

  it('shows the screen as demo-report.json has it, each row with its bars', () => {
    const screen = table('#|symbol');
    expect(screen.rows).toHaveLength(json.screen.rows.length);
    for (const r of json.screen.rows) {
      const row = screen.row(r.symbol);
      const cell = (name: string) => column(screen.head, row, name);
      expect(Number(cell('#'))).toBe(r.rank);
      expect(period(cell('period'))).toEqual(r.period);
      expectShows(figure(cell('score')), r.score, `${r.symbol} score`);
      expectShows(figure(cell('Sharpe')), r.metrics.sharpe, `${r.symbol} Sharpe`);
      expectShows(figure(cell('return')), r.metrics.totalReturn, `${r.symbol} return`);
      expectShows(figure(cell('max drawdown')), r.metrics.maxDrawdown, `${r.symbol} drawdown`);
      expect(Number(cell('trades'))).toBe(r.metrics.trades);
    }
    expect(
      json.screen.rows
        .filter((r: Json) => r.passed)
        .map((r: Json) => r.symbol)
        .slice(0, 3),
    ).toEqual(json.optimisation.instruments.map((i: Json) => i.symbol));
  });

  it('backtests the tuned instrument best out of sample, labelled as one run over all bars', () => {
    const best = json.best;
    const top = [...json.optimisation.instruments].sort((a, b) => b.outOfSample.value - a.outOfSample.value)[0];
    expect(best.symbol).toBe(top.symbol);
    expect(best.tunedParams).toEqual(top.tunedParams);
    expect(best.metrics.trades).toBe(best.trades.length);
    const section = markdown.slice(markdown.indexOf(`## Best out of sample: ${best.symbol}`));
    const paragraph = markdownParagraph(section, 'Best out of sample', 'backtested');
    expect(shownParams(paragraph.match(/tuned parameters \(([^)]*)\)/)?.[1] ?? '')).toEqual(asText(best.tunedParams));
    expect(period(paragraph)).toEqual(best.period);
    expect(best.period.bars).toBe(top.inSample.period.bars + top.outOfSample.period.bars);
    const metrics = table('metric|value');
    for (const [label, key] of Object.entries(METRIC_LABELS)) {
      const shown = metrics.row(label)[1];
      if (best.metrics[key] === null) expect(shown).toBe('no losing trade');
      else expectShows(figure(shown), best.metrics[key], `best ${label}`);
    }
  });
});
