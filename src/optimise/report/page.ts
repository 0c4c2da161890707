import { escapeHtml, formatNumber, formatPeriod, formatSignedPercent } from './format.js';
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
import { walkForwardSection } from './walk-forward-section.js';

/**
 * Gives an SVG's ids and classes a prefix of their own. Each echarts render names them `zr<n>-`
 * with n counting renders in one process, so two charts rendered in different processes would
 * share ids once inlined in one page, and one would clip to the other's clip path.
 */
export function namespaceSvg(svg: string, prefix: string): string {
  return svg.replace(/^\s*<\?xml[^>]*>\s*/, '').replace(/(\bid="|url\(#|href="#|\bclass="|\.)zr\d+-/g, `$1${prefix}-`);
}

/** A return beside buy-and-hold's over the same bars, coloured by which did better. */
function versus(period: string, strategy: number, hold: number): string {
  return (
    `the strategy returned <strong class="${strategy >= hold ? 'good' : 'bad'}" data-figure="${period}-return">${formatSignedPercent(strategy, 2)}</strong> ` +
    `against <span data-figure="${period}-buy-and-hold">${formatSignedPercent(hold, 2)}</span> for buy-and-hold`
  );
}

/** The page's conclusions, each figure read from the report as the tables below show it. */
function headline(report: InstrumentReport): string {
  const { best, split, buyAndHold } = report;
  const lines = [
    `With the tuned parameters (chosen on the in-sample period alone), objective <strong>${escapeHtml(report.metric)}</strong>: ` +
      `<span data-figure="in-sample-objective">${formatNumber(best.inSampleValue, 4)}</span> in-sample, ` +
      `<span data-figure="out-of-sample-objective">${formatNumber(best.outOfSampleValue, 4)}</span> out-of-sample; degradation ` +
      `<strong class="${degraded(report) ? 'bad' : 'good'}">${degradationText(report)}</strong>.`,
    `Out of sample, ${formatPeriod(split.splitTime, split.to, split.outOfSampleBars)}, ` +
      `${versus('out-of-sample', best.outOfSample.totalReturn, buyAndHold.outOfSample)}.`,
    `In sample, ${formatPeriod(split.from, split.inSampleTo, split.inSampleBars)}, ` +
      `${versus('in-sample', best.inSample.totalReturn, buyAndHold.inSample)}.`,
  ];
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
<p class="note">The tuned parameters were chosen on the in-sample period only; the shaded out-of-sample period is what they earned on bars the search never saw. The curve is the two runs the table below measures: the in-sample run, then the out-of-sample run (which starts flat at the split, its indicators warmed up on the in-sample bars) carried on from where the in-sample run ended. Buy-and-hold is before costs.</p>
</section>
<section>
<h2>In-sample vs out-of-sample</h2>
${metricsSection(report)}
</section>
<section>
<h2>Tuned parameters</h2>
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
${walkForwardSection(report)}<section>
<h2>Search history</h2>
<figure class="chart history">${namespaceSvg(charts.history, 'history')}</figure>
</section>
</body>
</html>
`;
}
