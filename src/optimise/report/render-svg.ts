import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';

const require = createRequire(import.meta.url);
let loaded: typeof Echarts | undefined;

/**
 * echarts, loaded on first render. Its single CommonJS bundle loads in about 100 ms, the ES module
 * tree in about 500 ms; most processes that import the optimiser never draw a chart.
 */
function echarts(): typeof Echarts {
  loaded ??= require('echarts') as typeof Echarts;
  return loaded;
}

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** Renders one chart to a standalone SVG document with server-side rendering (no DOM, no canvas). */
export function renderSvg(option: Echarts.EChartsOption, { width, height }: ChartSize): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    // A viewBox lets the page scale the chart to its column.
    return chart.renderToSVGString({ useViewBox: true });
  } finally {
    chart.dispose();
  }
}
