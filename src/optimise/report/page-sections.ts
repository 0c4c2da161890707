import {
  escapeHtml,
  formatNumber,
  formatParam,
  formatPercent,
  formatPeriod,
  formatSignedPercent,
  METRIC_ROWS,
} from './format.js';
import { assessRobustness, LONELY_SPIKE_DROP, type NeighbourVerdict } from './robustness.js';
import type { InstrumentReport, ReportNeighbour, ReportRobustnessRow } from './types.js';

const text = (value: string) => escapeHtml(value);

/** True when the out-of-sample objective is worse than the in-sample one. */
export function degraded(report: InstrumentReport): boolean {
  const { inSampleValue, outOfSampleValue } = report.best;
  return report.direction === 'maximize' ? outOfSampleValue < inSampleValue : outOfSampleValue > inSampleValue;
}

export function degradationText(report: InstrumentReport): string {
  const { degradation } = report.best;
  if (degradation === null) return 'n/a (the in-sample value is 0)';
  const verdict = degradation === 0 ? 'unchanged' : degraded(report) ? 'worse out of sample' : 'better out of sample';
  return `${formatSignedPercent(degradation)} (${verdict})`;
}

export function summarySection(report: InstrumentReport): string {
  const { split } = report;
  const bars = split.inSampleBars + split.outOfSampleBars;
  const share = (n: number) => (bars > 0 ? formatPercent(n / bars, 0) : 'n/a');
  const failed = report.history.filter((h) => h.value === null).length;
  const rows: [string, string][] = [
    ['Symbol', `${text(report.symbol)} <span class="muted">${text(report.timeframe)}</span>`],
    ['Strategy', text(report.spec)],
    ['Objective', `${text(report.metric)} <span class="muted">(${text(report.direction)})</span>`],
    ['Sampler', `${text(report.sampler)}, seed ${formatNumber(report.seed, 0).replace(/,/g, '')}`],
    [
      'Trials',
      `${formatNumber(report.trials, 0)} run` +
        (failed > 0 ? `, ${formatNumber(failed, 0)} of them failed or infeasible` : '') +
        ' <span class="muted">(scored on the in-sample bars)</span>',
    ],
    ['Data', formatPeriod(split.from, split.to, bars)],
    [
      'Split',
      `in-sample ${formatPeriod(split.from, split.inSampleTo, split.inSampleBars)}, ${share(split.inSampleBars)}; ` +
        `out-of-sample ${formatPeriod(split.splitTime, split.to, split.outOfSampleBars)}, ${share(split.outOfSampleBars)} ` +
        `<span class="muted">ratio ${formatNumber(split.ratio, 4)}</span>`,
    ],
  ];
  return `<dl class="summary">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** Figures of one period, tagged so a reader (or a test) can tell which number is which. */
const cell = (period: string, key: string, value: string) =>
  `<td class="num" data-period="${period}" data-metric="${key}">${value}</td>`;

export function metricsSection(report: InstrumentReport): string {
  const { best, split, buyAndHold } = report;
  const head =
    `<tr><th>Metric <span class="muted">(tuned parameters)</span></th>` +
    `<th class="num">In-sample<br><span class="muted">${formatPeriod(split.from, split.inSampleTo, split.inSampleBars)}</span></th>` +
    `<th class="num">Out-of-sample<br><span class="muted">${formatPeriod(split.splitTime, split.to, split.outOfSampleBars)}</span></th></tr>`;
  const objective =
    `<tr class="objective"><td>Objective: ${text(report.metric)}</td>` +
    cell('in-sample', 'objective', formatNumber(best.inSampleValue, 4)) +
    cell('out-of-sample', 'objective', formatNumber(best.outOfSampleValue, 4)) +
    '</tr>' +
    `<tr class="objective"><td>Degradation</td><td class="num ${degraded(report) ? 'bad' : 'good'}" colspan="2">${degradationText(report)}</td></tr>`;
  const rows = METRIC_ROWS.map(
    ({ key, label, note, format }) =>
      `<tr${key === report.metric ? ' class="objective"' : ''}><td>${label}${note ? ` <span class="muted">(${note})</span>` : ''}</td>` +
      cell('in-sample', key, format(best.inSample[key])) +
      cell('out-of-sample', key, format(best.outOfSample[key])) +
      '</tr>',
  ).join('');
  const hold =
    `<tr><td>Buy-and-hold return <span class="muted">(before costs)</span></td>` +
    cell('in-sample', 'buyAndHold', formatSignedPercent(buyAndHold.inSample, 2)) +
    cell('out-of-sample', 'buyAndHold', formatSignedPercent(buyAndHold.outOfSample, 2)) +
    '</tr>';
  return `<table class="metrics"><thead>${head}</thead><tbody>${objective}${rows}${hold}</tbody></table>`;
}

export function paramsSection(report: InstrumentReport): string {
  const entries = Object.entries(report.best.params);
  if (entries.length === 0) return '<p class="muted">The strategy has no tuned parameters.</p>';
  const rows = entries.map(
    ([name, value]) =>
      `<tr><td><code>${text(name)}</code></td><td class="num"><code>${text(formatParam(value))}</code></td></tr>`,
  );
  return `<table class="params"><thead><tr><th>Parameter</th><th class="num">Tuned value</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function neighbourCell(neighbour: ReportNeighbour | undefined, verdict: NeighbourVerdict, best: number): string {
  if (!neighbour) return '<td class="num muted">— (edge of range)</td>';
  const value = `<code>${text(formatParam(neighbour.value))}</code>`;
  if (neighbour.objective === null || verdict === 'failed')
    return `<td class="num">${value}: <span class="bad">failed</span></td>`;
  const change =
    best !== 0
      ? ` <span class="muted">(${formatSignedPercent((neighbour.objective - best) / Math.abs(best))})</span>`
      : '';
  return `<td class="num${verdict === 'cliff' ? ' bad' : ''}">${value}: ${formatNumber(neighbour.objective, 4)}${change}</td>`;
}

/** The robustness rows that look like lonely spikes, for the page's headline. */
export function lonelySpikes(report: InstrumentReport): ReportRobustnessRow[] {
  return report.robustness.filter((row) => assessRobustness(row, report.direction).lonely);
}

export function robustnessSection(report: InstrumentReport): string {
  if (report.robustness.length === 0) return '<p class="muted">No numeric parameters were probed.</p>';
  const note =
    `<p class="note">Each numeric parameter moved one step either side of its tuned value, the others fixed, and scored on the in-sample bars as the search scored it. ` +
    `A <span class="flag">lonely spike</span> is a best value whose neighbours all score more than ` +
    `${Math.round(LONELY_SPIKE_DROP * 100)}% of |best| worse, or where a neighbour fails: a real edge fades gently, fitted noise falls off a cliff.</p>`;
  const rows = report.robustness.map((row) => {
    const verdict = assessRobustness(row, report.direction);
    const judgement = verdict.lonely
      ? `<span class="flag">⚠ lonely spike</span> ${text(verdict.reason)}`
      : '<span class="muted">holds</span>';
    return (
      `<tr${verdict.lonely ? ' class="lonely"' : ''}><td><code>${text(row.param)}</code></td>` +
      neighbourCell(row.below, verdict.below, row.best) +
      `<td class="num"><code>${text(formatParam(row.value))}</code>: <strong>${formatNumber(row.best, 4)}</strong></td>` +
      neighbourCell(row.above, verdict.above, row.best) +
      `<td>${judgement}</td></tr>`
    );
  });
  const head =
    '<tr><th>Parameter</th><th class="num">One step below</th><th class="num">Best</th><th class="num">One step above</th><th>Verdict</th></tr>';
  return `${note}<table class="robustness"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

export function importanceSection(report: InstrumentReport): string {
  if (report.importance.length === 0) return '<p class="muted">No parameter importance was computed.</p>';
  const rows = report.importance.map(({ param, importance }) => {
    const width = Number.isFinite(importance) ? Math.min(100, Math.max(0, importance * 100)) : 0;
    return (
      `<tr><td><code>${text(param)}</code></td><td class="num">${formatPercent(importance, 1)}</td>` +
      `<td class="bar-cell"><div class="bar" style="width: ${width.toFixed(1)}%"></div></td></tr>`
    );
  });
  return (
    `<p class="note">Share of the objective's variation across trials that each parameter explains.</p>` +
    `<table class="importance"><thead><tr><th>Parameter</th><th class="num">Share</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}
