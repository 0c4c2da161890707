import type { EChartsOption } from 'echarts';
import { formatNumber } from './format.js';
import { type ChartSize, renderSvg } from './render-svg.js';
import type { InstrumentReport } from './types.js';

export const HISTORY_SERIES = { trial: 'Trial', best: 'Best so far' } as const;

/** The objective of every trial as a dot, and the best value found so far as a step line. */
export function renderHistoryChart(report: InstrumentReport, size: Partial<ChartSize> = {}): string {
  const trials: [number, number][] = [];
  const best: [number, number][] = [];
  for (const entry of report.history) {
    if (entry.value !== null && Number.isFinite(entry.value)) trials.push([entry.number, entry.value]);
    if (entry.best !== null && Number.isFinite(entry.best)) best.push([entry.number, entry.best]);
  }
  const failed = report.history.length - trials.length;
  const first = report.history.length > 0 ? report.history[0].number : undefined;
  const last = report.history.length > 0 ? report.history[report.history.length - 1].number : undefined;
  const option: EChartsOption = {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'sans-serif' },
    title: {
      text: `Search history · ${report.metric} (${report.direction})`,
      subtext:
        `${report.trials} trials on the in-sample bars, ${report.sampler} sampler, seed ${report.seed}` +
        (failed > 0 ? `; ${failed} failed or infeasible (not drawn)` : ''),
      left: 12,
      top: 6,
      textStyle: { fontSize: 15 },
    },
    legend: { top: 14, right: 16, itemGap: 24 },
    grid: { left: 78, right: 28, top: 92, bottom: 44 },
    xAxis: {
      type: 'value',
      name: 'trial',
      nameLocation: 'middle',
      nameGap: 26,
      minInterval: 1,
      // The axis ends at the last trial rather than at a round number past it.
      min: first,
      max: last,
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: report.metric,
      nameTextStyle: { align: 'left' },
      axisLabel: { formatter: (value: number) => formatNumber(value, 3) },
    },
    series: [
      {
        name: HISTORY_SERIES.trial,
        type: 'scatter',
        symbolSize: 4,
        color: '#94a3b8',
        itemStyle: { opacity: 0.75 },
        data: trials,
      },
      {
        name: HISTORY_SERIES.best,
        type: 'line',
        step: 'end',
        showSymbol: false,
        color: '#16a34a',
        lineStyle: { width: 2 },
        data: best,
      },
    ],
  };
  return renderSvg(option, { width: size.width ?? 960, height: size.height ?? 320 });
}
