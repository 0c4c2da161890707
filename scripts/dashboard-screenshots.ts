// Screenshots of the dashboard for docs/dashboard.md: a seeded fleet (three bots trading the
// ema-cross example on sandbox prices through the real runner, one halted, one paused) in a fresh
// embedded database, served by startDashboard and shot in Debian's chromium.
// Usage: npx tsx scripts/dashboard-screenshots.ts [outDir]   (default docs/images)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDashboard } from '../src/dashboard/index.js';
import { generateSandboxCandles } from '../src/data/index.js';
import { loadSpec } from '../src/spec/index.js';
import { recordEvent, type Store, setFlags } from '../src/store/index.js';
import { compileStrategy } from '../src/strategy/index.js';
import { chartPoints, launchChromium } from '../test/helpers/browser.js';
import { createTestDatabase } from '../test/helpers/databases.js';
import { createRig, RIG_SYMBOL } from '../test/helpers/runner-rig.js';
import { until } from '../test/helpers/until.js';

const OUT = resolve(process.argv[2] ?? 'docs/images');
const TOKEN = 'screenshot-token';
const WARMUP = 30;
const BARS = 360;
const SPEC = JSON.parse(readFileSync(new URL('../examples/specs/ema-cross.json', import.meta.url), 'utf8'));

/** One bot trading `BARS` one-minute bars of today (UTC), its runner left running. */
async function tradedBot(store: Store, name: string, seed: number, params: Record<string, number>) {
  const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const candles = generateSandboxCandles({
    symbol: RIG_SYMBOL,
    timeframe: '1m',
    bars: WARMUP + BARS,
    seed,
    start: today,
  });
  const strategy = compileStrategy(loadSpec(SPEC), { params });
  const rig = await createRig(store, { name, candles, start: WARMUP, strategy });
  await rig.runner.boot();
  for (let bar = WARMUP; bar < WARMUP + BARS; bar++) await rig.tickAt(bar);
  return rig;
}

const database = await createTestDatabase('embedded');
try {
  const store = await database.open();
  const rigs = [
    await tradedBot(store, 'trend-fast', 1, { fast: 5, slow: 20 }),
    await tradedBot(store, 'trend-slow', 2, { fast: 12, slow: 40 }),
    await tradedBot(store, 'trend-mid', 3, { fast: 8, slow: 30 }),
  ];
  await setFlags(store, 'trend-slow', { paused: true }, { actor: 'ops@desk' });
  const reason = 'reconciliation mismatch: cash 9,871.20 on the ledger, 9,858.80 at the exchange';
  await setFlags(store, 'trend-mid', { halted: true, haltedReason: reason }, { actor: 'runner' });
  await recordEvent(store, {
    bot: 'trend-mid',
    level: 'alert',
    kind: 'halted',
    message: `trend-mid halted: ${reason}`,
  });
  const dashboard = await startDashboard({ store, port: 0, actor: 'docs@desk', token: TOKEN });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(dashboard.url);
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button');
    await page.locator('tr[data-bot="trend-mid"]').waitFor();
    await page.locator('#outbox').waitFor();
    await page.screenshot({ path: join(OUT, 'dashboard-fleet.png'), fullPage: true });
    await page.goto(`${dashboard.url}bots/trend-fast`);
    await until('the equity curve', async () => ((await chartPoints(page, 'equity-chart')) > 0 ? true : undefined));
    await page.locator('#trades tbody tr').first().waitFor();
    await page.screenshot({ path: join(OUT, 'dashboard-bot.png') });
  } finally {
    await browser.close();
    await dashboard.close();
    for (const rig of rigs) await rig.runner.stop();
  }
} finally {
  await database.cleanup();
}
process.stdout.write(`wrote ${join(OUT, 'dashboard-fleet.png')} and ${join(OUT, 'dashboard-bot.png')}\n`);
