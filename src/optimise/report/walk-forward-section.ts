import { escapeHtml, formatNumber, formatParams, formatPeriod, formatSignedPercent, formatTime } from './format.js';
import type { InstrumentReport } from './types.js';

/** The walk-forward folds, each tuned on its own training window; empty when none were run. */
export function walkForwardSection(report: InstrumentReport): string {
  const wf = report.walkForward;
  if (!wf || wf.folds.length === 0) return '';
  const metric = escapeHtml(report.metric);
  const rows = wf.folds.map(
    (f) =>
      `<tr data-fold="${f.fold}"><td class="num">${f.fold}</td>` +
      `<td>${formatTime(f.trainFrom)} <span class="muted">(${formatNumber(f.trainBars, 0)} bars)</span></td>` +
      `<td>${formatPeriod(f.testFrom, f.testTo, f.testBars)}</td>` +
      `<td><code>${escapeHtml(formatParams(f.params))}</code></td>` +
      `<td class="num" data-metric="inSampleValue">${formatNumber(f.inSampleValue, 4)}</td>` +
      `<td class="num" data-metric="outOfSampleValue">${formatNumber(f.outOfSampleValue, 4)}</td>` +
      `<td class="num" data-metric="outOfSampleReturn">${formatSignedPercent(f.outOfSampleReturn, 2)}</td>` +
      `<td class="num" data-metric="outOfSampleTrades">${formatNumber(f.outOfSampleTrades, 0)}</td></tr>`,
  );
  const head =
    `<tr><th class="num">Fold</th><th>Training from</th><th>Test period</th><th>Parameters tuned on the training window</th>` +
    `<th class="num">Training ${metric}</th><th class="num">Test ${metric}</th><th class="num">Test return</th><th class="num">Test trades</th></tr>`;
  return `<section>
<h2>Walk-forward</h2>
<p class="note">Each fold is tuned on its training window alone and traded on the test window after it. Its parameters may differ from the tuned parameters above, which were chosen on the whole in-sample period.</p>
<p>Mean test ${metric} <strong data-figure="walk-forward-mean">${formatNumber(wf.meanOutOfSampleValue, 4)}</strong>; the test returns compounded: <strong data-figure="walk-forward-compounded">${formatSignedPercent(wf.compoundedOutOfSampleReturn, 2)}</strong>.</p>
<table class="walk-forward"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>
</section>
`;
}
