import { describe, expect, it } from 'vitest';
import { namespaceSvg, renderReportPage } from '../../../../src/optimise/report/index.js';
import { sampleReport } from './sample-report.js';

const charts = {
  equity: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0" class="zr0-cls-0" clip-path="url(#zr0-c0)"/></svg>',
  history: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M1 1" class="zr0-cls-0" clip-path="url(#zr0-c0)"/></svg>',
};

/** Rows of the robustness table, one string per <tr>. */
function robustnessRows(html: string): string[] {
  const table = html.match(/<table class="robustness">[\s\S]*?<\/table>/)?.[0] ?? '';
  return table.match(/<tr[\s\S]*?<\/tr>/g) ?? [];
}

describe('renderReportPage', () => {
  const report = sampleReport();
  const html = renderReportPage(report, charts);

  it('is one HTML document with a summary', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('</html>');
    expect(html).toContain('<title>BTC/USDT 1h · ema-cross');
    for (const text of [
      'tpe',
      'seed 42',
      '200 run, 6 of them failed or infeasible',
      '2022-01-01',
      '2022-05-26 20:00',
      '2022-07-28 07:00',
    ])
      expect(html).toContain(text);
  });

  it('puts in-sample and out-of-sample metrics side by side with the degradation', () => {
    expect(html).toMatch(/<th class="num">In-sample.*<th class="num">Out-of-sample/);
    const cell = (period: string, metric: string) =>
      html.match(new RegExp(`data-period="${period}" data-metric="${metric}">([^<]*)<`))?.[1];
    expect([cell('in-sample', 'sharpe'), cell('out-of-sample', 'sharpe')]).toEqual(['1.85', '0.61']);
    expect([cell('in-sample', 'totalReturn'), cell('out-of-sample', 'totalReturn')]).toEqual(['+42%', '\u22123%']);
    expect([cell('in-sample', 'buyAndHold'), cell('out-of-sample', 'buyAndHold')]).toEqual(['+25%', '\u22125%']);
    expect(html).toContain('no losing trade');
    expect(html).toContain('Degradation');
    expect(html).toContain('\u221267% (worse out of sample)');
  });

  it('reads the headline returns from the metrics the table shows, with their periods', () => {
    // The sample's equity curve says something else: the headline must not be measured on it.
    const headline = html.match(/<div class="headline">[\s\S]*?<\/div>/)?.[0] ?? '';
    const text = headline.replace(/<[^>]+>/g, '');
    expect(text).toContain(
      'Out of sample, 2022-05-26 20:00 → 2022-07-28 07:00 (1,500 bars), the strategy returned \u22123% against \u22125% for buy-and-hold.',
    );
    expect(text).toContain(
      'In sample, 2022-01-01 → 2022-05-26 19:00 (3,500 bars), the strategy returned +42% against +25% for buy-and-hold.',
    );
    expect(text).toContain('With the tuned parameters');
  });

  it('says when the degradation is undefined', () => {
    const zero = sampleReport();
    const page = renderReportPage({ ...zero, best: { ...zero.best, inSampleValue: 0, degradation: null } }, charts);
    expect(page).toContain('n/a (the in-sample value is 0)');
  });

  it('lists the best parameters', () => {
    const params = html.match(/<table class="params">[\s\S]*?<\/table>/)?.[0] ?? '';
    for (const text of [
      '<code>fast</code>',
      '<code>12</code>',
      '<code>slow</code>',
      '<code>48</code>',
      '<code>atr</code>',
      '<code>true</code>',
    ])
      expect(params).toContain(text);
  });

  it('flags the spiky robustness row and not the flat one', () => {
    const [, fast, slow] = robustnessRows(html);
    expect(fast).toContain('<code>fast</code>');
    expect(fast).toContain('lonely spike');
    expect(fast).toContain('class="lonely"');
    expect(slow).toContain('<code>slow</code>');
    expect(slow).not.toContain('lonely');
    // The headline names the spiky parameter only.
    const headline = html.match(/<div class="headline">[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(headline).toContain('<code>fast</code>');
    expect(headline).not.toContain('<code>slow</code>');
  });

  it('shows no flag when every row holds', () => {
    const flat = renderReportPage(sampleReport({ robustness: [report.robustness[1]] }), charts);
    expect(flat).not.toContain('⚠');
    expect(flat).not.toContain('class="lonely"');
  });

  it('draws importance bars as CSS widths', () => {
    expect(html).toContain('<code>fast</code></td><td class="num">62%</td>');
    expect(html).toContain('style="width: 62.0%"');
    expect(html).toContain('style="width: 8.0%"');
  });

  it('escapes every name it prints', () => {
    const odd = sampleReport({
      symbol: 'A<B&C',
      spec: '<script>alert(1)</script>',
      best: { ...report.best, params: { 'x"><img src=y>': 'a&b' } },
      robustness: [{ ...report.robustness[0], param: '<i>p</i>' }],
      importance: [{ param: "o'<b>", importance: 1 }],
    });
    const page = renderReportPage(odd, charts);
    expect(page).toContain('A&lt;B&amp;C');
    expect(page).not.toContain('A<B&C');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script');
    expect(page).toContain('x&quot;&gt;&lt;img src=y&gt;');
    expect(page).not.toContain('<img');
    expect(page).toContain('a&amp;b');
    expect(page).toContain('&lt;i&gt;p&lt;/i&gt;');
    expect(page).toContain('o&#39;&lt;b&gt;');
    expect(page).not.toContain('<i>p</i>');
  });

  it('reaches for nothing outside itself', () => {
    const withoutNamespaces = html.replace(/xmlns(:\w+)?="https?:\/\/[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import|url\((?!#)/);
  });

  it('inlines both charts, their ids kept apart', () => {
    expect(html).toContain('<path d="M0 0" class="equity-cls-0" clip-path="url(#equity-c0)"/>');
    expect(html).toContain('<path d="M1 1" class="history-cls-0" clip-path="url(#history-c0)"/>');
    expect(html).not.toContain('zr0-');
  });
});

describe('namespaceSvg', () => {
  it('renames ids, references, classes and style selectors, not other text', () => {
    const svg =
      '<?xml version="1.0"?><svg><clipPath id="zr3-c0"/><g clip-path="url(#zr3-c0)" class="zr3-cls-1">' +
      '<use href="#zr3-c0"/><text>zr3-stays</text></g><style>.zr3-cls-1:hover{}</style></svg>';
    expect(namespaceSvg(svg, 'a')).toBe(
      '<svg><clipPath id="a-c0"/><g clip-path="url(#a-c0)" class="a-cls-1">' +
        '<use href="#a-c0"/><text>zr3-stays</text></g><style>.a-cls-1:hover{}</style></svg>',
    );
  });
});
