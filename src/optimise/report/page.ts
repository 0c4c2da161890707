import { escapeHtml, formatNumber, formatSignedPercent } from './format.js';
import {
  degradationText,
  degraded,
  importanceSection,
  lonelySpikes,
  metricsSection,
  paramsSection,
  robustnessSection,
  summarySection,
} from './page-sections.js';
import { PAGE_STYLE } from './page-style.js';
import type { InstrumentReport, ReportCharts } from './types.js';

/**
 * Gives an SVG's ids and classes a prefix of their own. Each echarts render names them `zr<n>-`
 * with n counting renders in one process, so two charts rendered in different processes would
 * share ids once inlined in one page, and one would clip to the other's clip path.
 */
export function namespaceSvg(svg: string, prefix: string): string {
  return svg.replace(/^\s*<\?xml[^>]*>\s*/, '').replace(/(\bid="|url\(#|href="#|\bclass="|\.)zr\d+-/g, `$1${prefix}-`);
}

/** Return of a series over [from, to], or undefined when there is nothing to measure. */
function periodReturn(values: readonly number[], from: number, to: number): number | undefined {
  if (from < 0 || to >= values.length || from >= to || !(values[from] > 0)) return undefined;
  return values[to] / values[from] - 1;
}

function headline(report: InstrumentReport): string {
  const { best, equity } = report;
  const n = equity.time.length;
  const lines = [
    `Objective <strong>${escapeHtml(report.metric)}</strong>: ${formatNumber(best.inSampleValue, 4)} in-sample, ` +
      `${formatNumber(best.outOfSampleValue, 4)} out-of-sample; degradation ` +
      `<strong class="${degraded(report) ? 'bad' : 'good'}">${degradationText(report)}</strong>.`,
  ];
  // Out of sample, from the last in-sample bar: both curves continue the same run.
  const start = equity.splitIndex - 1;
  const strategy = periodReturn(equity.strategy, start, n - 1);
  const hold = periodReturn(equity.buyAndHold, start, n - 1);
  if (strategy !== undefined && hold !== undefined)
    lines.push(
      `Out of sample the strategy returned <strong class="${strategy >= hold ? 'good' : 'bad'}">${formatSignedPercent(strategy)}</strong> ` +
        `against ${formatSignedPercent(hold)} for buy-and-hold.`,
    );
  const spikes = lonelySpikes(report);
  if (spikes.length > 0)
    lines.push(
      `<span class="flag">⚠ lonely spike</span> ${spikes.map((r) => `<code>${escapeHtml(r.param)}</code>`).join(', ')}: ` +
        `the best value stands alone among its neighbours (see Robustness).`,
    );
  return `<div class="headline">${lines.map((l) => `<p>${l}</p>`).join('')}</div>`;
}

/**
 * One self-contained HTML page of evidence for an instrument: it opens offline, with no script,
 * no font and no address outside itself; the charts are inlined SVG.
 */
export function renderReportPage(report: InstrumentReport, charts: ReportCharts): string {
  const title = `${report.symbol} ${report.timeframe} · ${report.spec} · optimisation report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(report.symbol)} <span class="muted">${escapeHtml(report.timeframe)}</span> · ${escapeHtml(report.spec)}</h1>
<p class="muted">Optimisation evidence: are the tuned parameters real, or an overfit?</p>
</header>
${headline(report)}
<section>
<h2>Summary</h2>
${summarySection(report)}
</section>
<section>
<h2>Equity</h2>
<figure class="chart equity">${namespaceSvg(charts.equity, 'equity')}</figure>
<p class="note">The best parameters were chosen on the in-sample period only; the shaded out-of-sample period is what they earned on bars the search never saw.</p>
</section>
<section>
<h2>In-sample vs out-of-sample</h2>
${metricsSection(report)}
</section>
<section>
<h2>Best parameters</h2>
${paramsSection(report)}
</section>
<section>
<h2>Robustness</h2>
${robustnessSection(report)}
</section>
<section>
<h2>Parameter importance</h2>
${importanceSection(report)}
</section>
<section>
<h2>Search history</h2>
<figure class="chart history">${namespaceSvg(charts.history, 'history')}</figure>
</section>
</body>
</html>
`;
}
