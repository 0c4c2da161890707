import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/index.js';
import { checkReport } from './check-report.js';
import { renderEquityChart } from './equity-chart.js';
import { renderHistoryChart } from './history-chart.js';
import { renderReportPage } from './page.js';
import { reportToJson } from './report-json.js';
import type { InstrumentReport } from './types.js';

export interface WrittenReport {
  /** The folder, resolved to an absolute path. */
  readonly dir: string;
  /** Absolute paths of the files written. */
  readonly files: { readonly page: string; readonly equity: string; readonly history: string; readonly data: string };
}

export const REPORT_FILES = {
  page: 'index.html',
  equity: 'equity.svg',
  history: 'history.svg',
  data: 'report.json',
} as const;

/**
 * Writes an instrument's evidence into `dir` (created if missing): the two charts as SVG, the
 * report as JSON and the HTML page that inlines both charts. Every file is written atomically, so
 * a reader never sees half a file; everything is rendered before the first write.
 */
export async function writeInstrumentReport(dir: string, report: InstrumentReport): Promise<WrittenReport> {
  checkReport(report);
  const equity = renderEquityChart(report);
  const history = renderHistoryChart(report);
  const contents = {
    page: renderReportPage(report, { equity, history }),
    equity,
    history,
    data: reportToJson(report),
  };
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const files = {
    page: join(folder, REPORT_FILES.page),
    equity: join(folder, REPORT_FILES.equity),
    history: join(folder, REPORT_FILES.history),
    data: join(folder, REPORT_FILES.data),
  };
  await Promise.all(
    (Object.keys(files) as (keyof typeof files)[]).map((key) => writeFileAtomic(files[key], contents[key])),
  );
  return { dir: folder, files };
}
