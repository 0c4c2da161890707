// Store throughput: write and read 1,000,000 candles through StoreCandleCache, on the embedded
// database (PGlite served over its socket) and on a Postgres server when FLEET_TEST_DATABASE_URL
// is set. Also the cost of opening each. Figures, not pass/fail.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openStore, StoreCandleCache } from '../dist/store/index.js';
import { withServerDatabase } from './server-database.mjs';

const BARS = 1_000_000;

function candles() {
  const columns = ['time', 'open', 'high', 'low', 'close', 'volume'];
  const out = { length: BARS };
  for (const column of columns) out[column] = new Float64Array(BARS);
  for (let i = 0; i < BARS; i++) {
    out.time[i] = 1_600_000_000_000 + i * 60_000;
    out.open[i] = 100 + Math.sin(i / 100);
    out.high[i] = out.open[i] + 0.5;
    out.low[i] = out.open[i] - 0.5;
    out.close[i] = out.open[i] + 0.1;
    out.volume[i] = i;
  }
  return out;
}

async function measure(name, open) {
  const t0 = performance.now();
  const store = await open();
  await migrate(store);
  const opened = performance.now() - t0;
  const cache = new StoreCandleCache(store);
  const data = candles();
  const key = { source: 'bench', symbol: 'BENCH', timeframe: '1m' };
  const writes = [];
  const reads = [];
  for (let run = 0; run < 3; run++) {
    let t = performance.now();
    await cache.put(key, data);
    writes.push(performance.now() - t);
    t = performance.now();
    const back = await cache.get(key);
    reads.push(performance.now() - t);
    if (back?.length !== BARS) throw new Error(`read ${back?.length} bars`);
  }
  await store.close();
  const best = (xs) => Math.min(...xs);
  const rate = (ms) => `${Math.round(BARS / (ms / 1000)).toLocaleString('en-US')} bars/s`;
  return [
    [`store ${name}: open + migrate`, `${opened.toFixed(0)} ms`, 'first open of the run'],
    [`store ${name}: write 1M candles`, rate(best(writes)), `best of 3, ${best(writes).toFixed(0)} ms`],
    [`store ${name}: read 1M candles`, rate(best(reads)), `best of 3, ${best(reads).toFixed(0)} ms`],
  ];
}

export async function benchStore() {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-store-'));
  const rows = [];
  try {
    rows.push(...(await measure('embedded', () => openStore({ url: undefined, dir }))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const server = await withServerDatabase(`fleet_bench_${process.pid}`, (url) =>
    measure('server', () => openStore({ url })),
  );
  rows.push(...(server ?? [['store server', 'skipped', 'set FLEET_TEST_DATABASE_URL to measure a Postgres server']]));
  return rows;
}

const fleetBin = new URL('../bin/fleet.js', import.meta.url).pathname;
const runFleet = (args, env) =>
  new Promise((resolve, reject) =>
    execFile(process.execPath, [fleetBin, ...args], { env: { ...process.env, ...env, CI: 'true' } }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );

/**
 * One optimisation study, run by one `fleet optimise --study` process and then shared by two
 * processes on one Postgres database: wall time until the study has its trials.
 */
export async function benchSharedStudy() {
  const rows = await withServerDatabase(`fleet_bench_study_${process.pid}`, (url) => sharedStudy(url));
  return rows ?? [['shared study', 'skipped', 'set FLEET_TEST_DATABASE_URL to measure']];
}

async function sharedStudy(url) {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-study-'));
  try {
    const env = { DATABASE_URL: url };
    const spec = join(dir, 'ema-cross.json');
    copyFileSync(new URL('../examples/specs/ema-cross.json', import.meta.url), spec);
    await runFleet(['migrate'], env);
    const trials = 300;
    const args = (study) => [
      'optimise',
      spec,
      '--study',
      study,
      '--symbols',
      'SBX-WALK',
      '--trials',
      String(trials),
      '--bars',
      '100000',
      '--workers',
      '1',
      '--no-write',
      '--report-dir',
      join(dir, 'reports'),
    ];
    let t = performance.now();
    await runFleet(args('alone'), env);
    const alone = performance.now() - t;
    t = performance.now();
    await Promise.all([runFleet(args('shared'), env), runFleet(args('shared'), env)]);
    const shared = performance.now() - t;
    return [
      [
        'shared study: 1 process',
        `${alone.toFixed(0)} ms`,
        `${trials} TPE trials on SBX-WALK 100,000 bars, 1 worker thread, process start-up included`,
      ],
      ['shared study: 2 processes', `${shared.toFixed(0)} ms`, 'the same study, shared through Postgres'],
      ['shared study: speed-up', `${(alone / shared).toFixed(2)}x`, 'two processes on this 2-vCPU machine'],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, value, note] of await benchStore()) process.stdout.write(`${name}  ${value}  ${note}\n`);
}
