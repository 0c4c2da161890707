import type { EChartsOption } from 'echarts';
import { checkReport } from './check-report.js';
import { downsampleIndices } from './downsample.js';
import { formatNumber, quoteCurrency } from './format.js';
import { type ChartSize, renderSvg } from './render-svg.js';
import type { InstrumentReport } from './types.js';

/** At most this many points per series: enough for a page-wide chart, small enough to inline. */
export const EQUITY_CHART_MAX_POINTS = 2000;

export const EQUITY_SERIES = { strategy: 'Strategy', buyAndHold: 'Buy & hold' } as const;
export const IN_SAMPLE_LABEL = 'In-sample';
export const OUT_OF_SAMPLE_LABEL = 'Out-of-sample';

export interface EquityChartOptions extends Partial<ChartSize> {
  readonly maxPoints?: number;
}

/** [time, value] pairs of one series, downsampled with the split bar kept exactly. */
export function equityPoints(
  time: readonly number[],
  values: readonly number[],
  splitIndex: number,
  maxPoints = EQUITY_CHART_MAX_POINTS,
): [number, number][] {
  // Both sides of the split are kept so the in-sample part ends where the out-of-sample one starts.
  const anchors = splitIndex > 0 ? [splitIndex - 1, splitIndex] : [splitIndex];
  return downsampleIndices(values, maxPoints, anchors).map((i) => [time[i], values[i]]);
}

/** Equity of the tuned parameters against buy-and-hold over time, the out-of-sample part shaded. */
export function renderEquityChart(report: InstrumentReport, options: EquityChartOptions = {}): string {
  checkReport(report);
  const { time, strategy, buyAndHold, splitIndex } = report.equity;
  const maxPoints = options.maxPoints ?? EQUITY_CHART_MAX_POINTS;
  const n = time.length;
  const currency = quoteCurrency(report.symbol) ?? 'quote currency';
  const hasSplit = splitIndex > 0 && splitIndex < n;
  const splitTime = hasSplit ? time[splitIndex] : undefined;

  const option: EChartsOption = {
    animation: false,
    useUTC: true,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'sans-serif' },
    title: {
      text: `${report.symbol} ${report.timeframe} · ${report.spec}`,
      subtext:
        'Tuned parameters: the in-sample run, then the out-of-sample run carried on from it; buy-and-hold beside',
      left: 12,
      top: 6,
      textStyle: { fontSize: 15 },
    },
    legend: { top: 14, right: 16, itemGap: 24 },
    grid: { left: 78, right: 28, top: 92, bottom: 36 },
    xAxis: { type: 'time', axisLine: { onZero: false } },
    yAxis: {
      type: 'value',
      scale: true,
      name: `Equity (${currency})`,
      nameTextStyle: { align: 'left' },
      axisLabel: { formatter: (value: number) => formatNumber(value, 2) },
    },
    series: [
      {
        name: EQUITY_SERIES.strategy,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1.6 },
        color: '#2563eb',
        data: equityPoints(time, strategy, splitIndex, maxPoints),
        markArea: hasSplit
          ? {
              silent: true,
              itemStyle: { color: 'rgba(245, 158, 11, 0.13)' },
              label: { color: '#92400e', position: 'insideTop', fontWeight: 'bold' },
              data: [[{ name: OUT_OF_SAMPLE_LABEL, xAxis: splitTime }, { xAxis: time[n - 1] }]],
            }
          : undefined,
        markLine: hasSplit
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#b45309', type: 'dashed', width: 1.2 },
              label: { formatter: 'split', color: '#92400e', position: 'end' },
              data: [{ xAxis: splitTime }],
            }
          : undefined,
      },
      {
        name: EQUITY_SERIES.buyAndHold,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1.2 },
        color: '#6b7280',
        data: equityPoints(time, buyAndHold, splitIndex, maxPoints),
        // An unshaded area labels the in-sample part, so the eye reads both periods by name.
        markArea:
          splitIndex > 0
            ? {
                silent: true,
                itemStyle: { color: 'rgba(0, 0, 0, 0)' },
                label: { color: '#374151', position: 'insideTop', fontWeight: 'bold' },
                data: [[{ name: IN_SAMPLE_LABEL, xAxis: time[0] }, { xAxis: time[splitIndex - 1] }]],
              }
            : undefined,
      },
    ],
  };
  return renderSvg(option, { width: options.width ?? 960, height: options.height ?? 420 });
}
