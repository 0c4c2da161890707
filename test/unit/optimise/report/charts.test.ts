import { describe, expect, it } from 'vitest';
import {
  EQUITY_SERIES,
  HISTORY_SERIES,
  IN_SAMPLE_LABEL,
  OUT_OF_SAMPLE_LABEL,
  renderEquityChart,
  renderHistoryChart,
} from '../../../../src/optimise/report/index.js';
import { sampleReport } from './sample-report.js';

/** Rough well-formedness: one root element, every non-void tag closed in order. */
function expectXmlish(svg: string): void {
  expect(svg.trimStart().startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const body = svg.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const stack: string[] = [];
  for (const [, close, name, selfClosing] of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (close) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
}

describe('renderEquityChart', () => {
  const svg = renderEquityChart(sampleReport());

  it('renders an SVG document with lines', () => {
    expectXmlish(svg);
    expect(svg).toContain('<path');
    expect(svg).toContain('viewBox=');
  });

  it('names both series and marks both periods and the split', () => {
    expect(svg).toContain(EQUITY_SERIES.strategy);
    expect(svg).toContain(EQUITY_SERIES.buyAndHold.replace('&', '&amp;'));
    expect(svg).toContain(OUT_OF_SAMPLE_LABEL);
    expect(svg).toContain(IN_SAMPLE_LABEL);
    expect(svg).toContain('>split<');
    expect(svg).toContain('Equity (USDT)');
  });

  it('escapes the symbol in its title', () => {
    const odd = renderEquityChart(sampleReport({ symbol: 'A<B&C' }));
    expect(odd).toContain('A&lt;B&amp;C');
    expect(odd).not.toContain('A<B&C');
  });

  it('draws a report with no out-of-sample part without split marks', () => {
    const report = sampleReport();
    const whole = renderEquityChart({ ...report, equity: { ...report.equity, splitIndex: report.equity.time.length } });
    expect(whole).not.toContain(OUT_OF_SAMPLE_LABEL);
    expect(whole).toContain(IN_SAMPLE_LABEL);
  });

  it('refuses equity arrays of different lengths and a split outside them', () => {
    const report = sampleReport();
    expect(() =>
      renderEquityChart({ ...report, equity: { ...report.equity, buyAndHold: report.equity.buyAndHold.slice(1) } }),
    ).toThrow(/must match/);
    expect(() => renderEquityChart({ ...report, equity: { ...report.equity, splitIndex: 99_999 } })).toThrow(/outside/);
  });
});

describe('renderHistoryChart', () => {
  it('renders the trials as dots and the best-so-far line', () => {
    const report = sampleReport();
    const svg = renderHistoryChart(report);
    expectXmlish(svg);
    expect(svg).toContain('<path');
    expect(svg).toContain(HISTORY_SERIES.trial);
    expect(svg).toContain(HISTORY_SERIES.best);
    const failed = report.history.filter((h) => h.value === null).length;
    expect(failed).toBeGreaterThan(0);
    expect(svg).toContain(`${failed} failed or infeasible`);
  });

  it('draws an empty history', () => {
    expectXmlish(renderHistoryChart(sampleReport({ history: [] })));
  });
});
