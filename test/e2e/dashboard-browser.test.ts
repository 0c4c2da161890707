import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDashboard } from '../../src/dashboard/index.js';
import { equityOf, eventsOf, readFlags, type Store } from '../../src/store/index.js';
import { chartPoints, launchChromium } from '../helpers/browser.js';
import { serveDashboard, tradingBot, WARMUP } from '../helpers/dashboard-rig.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import type { Rig } from '../helpers/runner-rig.js';
import { registerRigBot } from '../helpers/runner-rig.js';
import { until } from '../helpers/until.js';

const TOKEN = 'browser-test-token-0123456789';

// One database, one runner, one dashboard and one browser for the whole file: each test goes on
// from where the one before left the page.
let database: TestDatabase;
let store: Store;
let alpha: Rig;
let dashboard: RunningDashboard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  database = await createTestDatabase('embedded');
  store = await database.open();
  // Two round trips by bar 11; after that the script only enters (bars 12-16).
  const script = { 0: 'buy', 3: 'sell', 6: 'buy', 9: 'sell', 12: 'buy', 13: 'buy', 14: 'buy', 15: 'buy' };
  alpha = await tradingBot(store, 'alpha', script, { ticks: 12 });
  await registerRigBot(store, 'beta');
  dashboard = await serveDashboard(store, { token: TOKEN });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await alpha?.runner.stop();
  await database?.cleanup();
});

describe('the dashboard in a real browser', { timeout: 60_000 }, () => {
  it('the fleet page asks for the token, then lists the bots from the database', async () => {
    await page.goto(dashboard.url);
    await page.locator('#notice', { hasText: 'needs its token' }).waitFor();
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button');
    const row = page.locator('tr[data-bot="alpha"]');
    await row.waitFor();
    await expect.poll(() => row.locator('td').nth(5).textContent()).toBe('2');
    expect(await page.locator('tr[data-bot="beta"] td').first().textContent()).toBe('beta');
    expect(await page.locator('#clock-note').textContent()).toContain('P&L today');
  });

  it("a bot's page draws its equity curve with echarts", async () => {
    await page.click('tr[data-bot="alpha"] a');
    await page.waitForURL(/\/bots\/alpha$/);
    const points = (await equityOf(store, 'alpha')).length;
    expect(points).toBeGreaterThan(5);
    // The chart's own record of the data it drew.
    await expect.poll(() => chartPoints(page, 'equity-chart')).toBe(points);
    // The SVG renderer drew the line: one path with a segment per point.
    const d = await page
      .locator('#equity-chart svg path')
      .evaluateAll((paths) => Math.max(...paths.map((path) => (path.getAttribute('d') ?? '').split(/[LM]/).length)));
    expect(d).toBeGreaterThanOrEqual(points);
    expect(await page.locator('#trades tbody tr').count()).toBe(2);
  });

  it('a pause made on the page, confirmed with the token, reaches the flags and the runner stops ordering', async () => {
    expect(alpha.broker.placed).toHaveLength(4);
    await page.click('#pause');
    await page.locator('#confirm').waitFor();
    expect(await page.inputValue('#confirm-token')).toBe(TOKEN);
    await page.click('#confirm-ok');
    await until('the pause in the database', async () => ((await readFlags(store, 'alpha')).paused ? true : undefined));
    // The page shows it without a reload.
    await page.locator('#flags', { hasText: 'paused' }).waitFor();
    const [paused] = await eventsOf(store, { bot: 'alpha', kinds: ['paused'] });
    expect(paused.message).toContain('via dashboard');
    // The running runner's next entries are refused by the pause rail: nothing reaches the broker.
    for (let bar = 12; bar <= 15; bar++) await alpha.tickAt(WARMUP + bar);
    expect(alpha.broker.placed).toHaveLength(4);
    const refused = await eventsOf(store, { bot: 'alpha', kinds: ['risk_rejected'] });
    expect(refused.map((event) => (event.data as { rail: string }).rail)).toEqual([
      'paused',
      'paused',
      'paused',
      'paused',
    ]);
  });

  it('a control request without the token, or with a wrong one, is refused and changes nothing', async () => {
    const status = await page.evaluate(async () => (await fetch('/api/bots/alpha/kill', { method: 'POST' })).status);
    expect(status).toBe(401);
    await page.click('#kill');
    await page.fill('#confirm-token', 'not-the-token');
    await page.click('#confirm-ok');
    await page.locator('#notice', { hasText: 'refused: missing or wrong token' }).waitFor();
    // Cancelling the dialog sends nothing either.
    await page.click('#kill');
    await page.click('#confirm button[value="cancel"]');
    expect((await readFlags(store, 'alpha')).killSwitch).toBe(false);
    expect(await eventsOf(store, { bot: 'alpha', kinds: ['killed'] })).toEqual([]);
  });
});
