// Screening 20 instruments x 100,000 bars with 1 and with 2 worker threads.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCandleCache, generateSandboxCandles, loadSpec, SANDBOX_SYMBOLS, screen } from '../dist/index.js';
import { timeIt } from './measure.mjs';

export async function benchScreen() {
  const instruments = 20;
  const bars = 100_000;
  // Twenty distinct instruments: the sandbox universe with several seeds, kept in a candle cache
  // as a user's downloaded or imported data would be.
  const dir = await mkdtemp(join(tmpdir(), 'fleet-bench-'));
  const cache = new FileCandleCache(dir);
  const symbols = [];
  for (let i = 0; i < instruments; i++) {
    const base = SANDBOX_SYMBOLS[i % SANDBOX_SYMBOLS.length];
    const symbol = `${base}-${i}`;
    const candles = generateSandboxCandles({ symbol: base, timeframe: '1h', bars, seed: i });
    await cache.put({ source: 'bench', symbol, timeframe: '1h' }, candles);
    symbols.push(symbol);
  }
  const spec = loadSpec(
    JSON.parse(await readFile(new URL('../examples/specs/ema-cross.json', import.meta.url), 'utf8')),
  );
  const run = (workers) => () =>
    screen({ spec, symbols, source: { kind: 'cache', dir, source: 'bench' }, bars, workers }).then((r) => {
      if (r.rows.length !== instruments) throw new Error(`screen ranked ${r.rows.length} of ${instruments}`);
    });
  const one = await timeIt(run(1), { warmup: 1, runs: 5 });
  const two = await timeIt(run(2), { warmup: 1, runs: 5 });
  await rm(dir, { recursive: true, force: true });
  const total = instruments * bars;
  return [
    [
      'screen: instruments x bars',
      `${instruments} x ${bars.toLocaleString('en-US')}`,
      'ema-cross example spec, candle cache',
    ],
    [
      'screen: 1 worker',
      `${one.toFixed(0)} ms`,
      `${(((total / one) * 1000) / 1e6).toFixed(1)} M bars/s, worker start-up included`,
    ],
    ['screen: 2 workers', `${two.toFixed(0)} ms`, `${(((total / two) * 1000) / 1e6).toFixed(1)} M bars/s`],
    ['screen: 2-worker speed-up', `${(one / two).toFixed(2)}x`, 'target >= 1.6x'],
  ];
}
