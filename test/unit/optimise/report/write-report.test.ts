import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EQUITY_SERIES, writeInstrumentReport } from '../../../../src/optimise/report/index.js';
import { sampleReport } from './sample-report.js';

describe('writeInstrumentReport', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fleet-report-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the page, both charts and the data into a new folder', async () => {
    const report = sampleReport();
    const dir = join(root, 'nested', 'BTC_USDT');
    const written = await writeInstrumentReport(dir, report);
    expect(written.dir).toBe(dir);
    expect(written.files).toEqual({
      page: join(dir, 'index.html'),
      equity: join(dir, 'equity.svg'),
      history: join(dir, 'history.svg'),
      data: join(dir, 'report.json'),
    });
    // No temporary files left behind.
    expect((await readdir(dir)).sort()).toEqual(['equity.svg', 'history.svg', 'index.html', 'report.json']);

    const [page, equity, history, data] = await Promise.all(
      [written.files.page, written.files.equity, written.files.history, written.files.data].map((f) =>
        readFile(f, 'utf8'),
      ),
    );
    expect(equity.startsWith('<svg')).toBe(true);
    expect(equity).toContain(EQUITY_SERIES.strategy);
    expect(history.startsWith('<svg')).toBe(true);
    // The page inlines both SVGs (their ids renamed) rather than linking to the files.
    expect(page.match(/<svg/g)).toHaveLength(2);
    expect(page).not.toContain('equity.svg');
    expect(page.replace(/xmlns(:\w+)?="https?:\/\/[^"]*"/g, '')).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<script/i);
    const firstPath = equity.match(/<path d="[^"]+"/)?.[0] ?? 'missing';
    expect(page).toContain(firstPath);
    const firstHistoryPath = history.match(/<path d="[^"]+"/)?.[0] ?? 'missing';
    expect(page).toContain(firstHistoryPath);
    expect(JSON.parse(data)).toEqual(report);
  });

  it('refuses a broken report before writing anything', async () => {
    const report = sampleReport();
    const dir = join(root, 'broken');
    await expect(
      writeInstrumentReport(dir, { ...report, equity: { ...report.equity, strategy: [1, 2, 3] } }),
    ).rejects.toThrow(/must match/);
    await expect(readdir(dir)).rejects.toThrow();
  });
});
