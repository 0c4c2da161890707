import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when missing); playwright downloads no browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless chromium; as root (CI containers) it runs only without its sandbox. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** What a page function reaches in the page (the project's TypeScript has no DOM types). */
interface PageScope {
  document: { getElementById(id: string): unknown };
  echarts: { getInstanceByDom(element: unknown): { getOption(): { series: { data: unknown[] }[] } } | undefined };
}

/** How many points the echarts chart in element `id` holds in its first series (0 before it has one). */
export function chartPoints(page: Page, id: string): Promise<number> {
  // A function, not a string: the dashboard's Content-Security-Policy forbids eval.
  return page.evaluate((elementId) => {
    const scope = globalThis as unknown as PageScope;
    const chart = scope.echarts.getInstanceByDom(scope.document.getElementById(elementId));
    return chart === undefined ? 0 : (chart.getOption().series[0]?.data.length ?? 0);
  }, id);
}
