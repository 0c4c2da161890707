export { checkReport } from './check-report.js';
export { downsampleIndices } from './downsample.js';
export {
  EQUITY_CHART_MAX_POINTS,
  EQUITY_SERIES,
  type EquityChartOptions,
  equityPoints,
  IN_SAMPLE_LABEL,
  OUT_OF_SAMPLE_LABEL,
  renderEquityChart,
} from './equity-chart.js';
export {
  escapeHtml,
  formatMetric,
  formatNumber,
  formatParams,
  formatPercent,
  formatPeriod,
  formatSignedPercent,
  formatTime,
  METRIC_ROWS,
} from './format.js';
export { HISTORY_SERIES, renderHistoryChart } from './history-chart.js';
export { namespaceSvg, renderReportPage } from './page.js';
export type { ChartSize } from './render-svg.js';
export { reportToJson } from './report-json.js';
export {
  assessRobustness,
  LONELY_SPIKE_DROP,
  type NeighbourVerdict,
  type RobustnessVerdict,
} from './robustness.js';
export type {
  InstrumentReport,
  ReportCharts,
  ReportNeighbour,
  ReportParamValue,
  ReportRobustnessRow,
} from './types.js';
export { REPORT_FILES, type WrittenReport, writeInstrumentReport } from './write-report.js';
